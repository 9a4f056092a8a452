/** The JSON Lines file target: the demo's dispatch system is a file. */
package org.hotline.cases.delivery.file;
