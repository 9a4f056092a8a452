/** The agent's form: read from JSON, checked field by field, cleaned, or refused whole. */
package org.hotline.cases.intake;
