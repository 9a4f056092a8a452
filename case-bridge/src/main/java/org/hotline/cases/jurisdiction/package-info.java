/** The gazetteer: districts, streets and townships, and resolving a location text to them. */
package org.hotline.cases.jurisdiction;
