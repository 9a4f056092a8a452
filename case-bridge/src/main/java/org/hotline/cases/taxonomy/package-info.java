/** The request taxonomy: a two-level category tree with default urgency, owner and service code. */
package org.hotline.cases.taxonomy;
