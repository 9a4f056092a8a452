/**
 * Handing cases to the dispatch system: the payload, the target interface and its outcomes; the
 * targets themselves live in {@code file}, {@code webhook} and {@code open311}.
 */
package org.hotline.cases.delivery;
