/** The Open311 GeoReport v2 target: {@code POST requests.json}, form-encoded. */
package org.hotline.cases.delivery.open311;
