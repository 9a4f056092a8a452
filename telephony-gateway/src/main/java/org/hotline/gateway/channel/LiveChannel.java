package org.hotline.gateway.channel;

/** A channel the exchange reports as existing now (from CoreShowChannels). */
public record LiveChannel(
    String server,
    String uniqueId,
    String linkedId,
    String channel,
    String bridgeId,
    String application) {}
