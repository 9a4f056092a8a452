/** The gateway's HTTP face: health, Prometheus metrics, live statistics and agent operations. */
package org.hotline.gateway.http;
