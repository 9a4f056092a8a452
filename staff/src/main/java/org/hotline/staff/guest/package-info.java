/**
 * Guest sessions: a visiting official signs in at one seat, inside one window, with a one-time code
 * instead of a password.
 */
package org.hotline.staff.guest;
