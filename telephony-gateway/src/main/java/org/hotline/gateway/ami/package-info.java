/**
 * The AMI side of the gateway, through Asterisk-Java's ManagerConnection: events leave its single
 * pump thread at once as {@code ChannelEvent}s on the Vert.x context, actions go out through the
 * callback API and come back as Vert.x futures, and every (re)connect triggers a reconciliation.
 */
package org.hotline.gateway.ami;
