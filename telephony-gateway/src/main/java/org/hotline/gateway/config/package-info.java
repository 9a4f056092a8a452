/** The gateway's configuration ({@code config/gateway.yaml}), read and validated once at start. */
package org.hotline.gateway.config;
