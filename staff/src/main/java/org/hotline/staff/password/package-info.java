/** Password hashes (Argon2id) and the rules a password must meet. */
package org.hotline.staff.password;
