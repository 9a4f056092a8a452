/**
 * The seat manager's event stream (every agent and call state change, written by the same atomic
 * scripts that make the decisions) read once per instance and published on the Vert.x event bus,
 * for agents' desktops, the wallboard and the demo's simulated floor.
 */
package org.hotline.gateway.feed;
