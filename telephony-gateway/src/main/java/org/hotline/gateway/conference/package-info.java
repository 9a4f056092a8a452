/** Three-way calls: an agent brings an outside unit into the call, then drops out. */
package org.hotline.gateway.conference;
