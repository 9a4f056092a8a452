/** The audit trail: who did what to whom, when and from where, in PostgreSQL. */
package org.hotline.staff.audit;
