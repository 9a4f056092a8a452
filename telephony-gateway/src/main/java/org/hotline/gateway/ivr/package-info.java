/** The FastAGI scripts of the dialplan: the incoming call's menu and queueing, and dial results. */
package org.hotline.gateway.ivr;
