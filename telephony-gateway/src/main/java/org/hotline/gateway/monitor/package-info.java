/** Supervisors on the line: listening to, whispering into or barging into a seat's call. */
package org.hotline.gateway.monitor;
