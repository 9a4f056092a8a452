/** The agent desktop's live channel: its own seat's events and the screen pop, over a WebSocket. */
package org.hotline.gateway.desktop;
