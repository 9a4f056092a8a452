/** Sign-in, sessions, CSRF and every route's access rule. */
package org.hotline.gateway.access;
