/** The schema of the city's record, its migrations and its monthly partitions. */
package org.hotline.cityrecord;
