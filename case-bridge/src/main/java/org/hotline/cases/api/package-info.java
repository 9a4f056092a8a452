/**
 * What the gateway sees of the case bridge: the {@link org.hotline.cases.api.CaseBridge} facade,
 * the facts and forms it is given, the records it returns and its pinned error codes.
 */
package org.hotline.cases.api;
