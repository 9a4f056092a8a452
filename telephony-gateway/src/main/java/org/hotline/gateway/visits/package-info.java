/**
 * Return visits (回访): the automated survey call (the caller and the FastAGI script), agents'
 * outbound visit tasks, and the do-not-call list.
 */
package org.hotline.gateway.visits;
