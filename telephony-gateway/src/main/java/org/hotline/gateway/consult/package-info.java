/** Consulting a supervisor on a call, then handing the caller to them or going back. */
package org.hotline.gateway.consult;
