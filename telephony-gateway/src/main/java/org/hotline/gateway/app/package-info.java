/** Start-up: configuration read once, every part wired, and the process's main. */
package org.hotline.gateway.app;
