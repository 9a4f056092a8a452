/**
 * What happened on an exchange's channels, as small immutable facts keyed by server, Uniqueid (the
 * leg) and Linkedid (the call). Nothing here depends on the AMI library that produced them.
 */
package org.hotline.gateway.channel;
