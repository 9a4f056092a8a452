/**
 * Settings of the case bridge, read once at start-up from {@code config/}; secrets by reference.
 */
package org.hotline.cases.config;
