/**
 * Traffic: Poisson arrivals of incoming calls with Chinese mobile and landline numbers, repeat
 * callers, patience (abandons) and key presses, deterministic with a seed.
 */
package org.hotline.asterisk.sim.generator;
