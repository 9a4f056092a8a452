/** The demo: a simulated 600-seat call centre driving a real gateway and seat manager. */
package org.hotline.demo;
