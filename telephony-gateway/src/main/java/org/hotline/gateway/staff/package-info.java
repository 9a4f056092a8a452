/** The staff directory over HTTP (admins) and the seat manager's profiles that follow it. */
package org.hotline.gateway.staff;
