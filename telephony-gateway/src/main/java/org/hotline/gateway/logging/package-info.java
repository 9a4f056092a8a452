/** Logging what peers send: escaped and bounded text, and warnings limited per kind and peer. */
package org.hotline.gateway.logging;
