/** The staff directory: people (not seats), their roles and routing profile, in PostgreSQL. */
package org.hotline.staff.directory;
