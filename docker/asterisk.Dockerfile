# syntax=docker/dockerfile:1
# Asterisk 22 for callwright, built from the release tarball on Debian 12.
# Built from the repository root:
#   docker build -f docker/asterisk.Dockerfile .
# Our configuration is not baked in: compose mounts asterisk-conf/ and
# dialplan/, and the entrypoint renders them into /etc/asterisk at start.

ARG ASTERISK_VERSION=22.10.1

# ---- build
FROM debian:bookworm-slim AS build
ARG ASTERISK_VERSION
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential pkg-config wget ca-certificates bzip2 patch xz-utils \
      libedit-dev libjansson-dev libsqlite3-dev uuid-dev libxml2-dev \
      libssl-dev libsrtp2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src
RUN wget -q "https://downloads.asterisk.org/pub/telephony/asterisk/releases/asterisk-${ASTERISK_VERSION}.tar.gz" \
 && tar xzf "asterisk-${ASTERISK_VERSION}.tar.gz" \
 && rm "asterisk-${ASTERISK_VERSION}.tar.gz"
WORKDIR /usr/src/asterisk-${ASTERISK_VERSION}
# pjproject is bundled (the version Asterisk is tested with); jansson comes
# from Debian.
RUN ./configure --prefix=/usr --libdir=/usr/lib --sysconfdir=/etc --localstatedir=/var \
      --with-pjproject-bundled \
 && make menuselect.makeopts \
 # What callwright needs beyond the defaults: answering-machine detection,
 # and ulaw prompts and hold music (no transcoding on ulaw trunks and phones).
 && menuselect/menuselect \
      --enable app_amd \
      --enable CORE-SOUNDS-EN-ULAW --enable MOH-OPSOUND-ULAW \
      --disable chan_mgcp --disable chan_skinny --disable chan_unistim \
      menuselect.makeopts \
 && make -j"$(nproc)" \
 && make install \
 && rm -rf /etc/asterisk && mkdir -p /etc/asterisk

# ---- runtime
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libedit2 libjansson4 libsqlite3-0 libuuid1 libxml2 libssl3 libsrtp2-1 \
      gettext-base ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system asterisk \
 && useradd --system --gid asterisk --home-dir /var/lib/asterisk --shell /usr/sbin/nologin asterisk
COPY --from=build /usr/sbin/asterisk /usr/sbin/asterisk
COPY --from=build /usr/lib/libasterisk* /usr/lib/
COPY --from=build /usr/lib/asterisk /usr/lib/asterisk
COPY --from=build /var/lib/asterisk /var/lib/asterisk
COPY --from=build /var/spool/asterisk /var/spool/asterisk
COPY docker/asterisk/asterisk.conf docker/asterisk/logger.conf docker/asterisk/rtp.conf /etc/callwright/base/
COPY docker/asterisk/entrypoint.sh /usr/local/bin/callwright-asterisk-entrypoint
RUN ldconfig \
 && mkdir -p /etc/asterisk /var/log/asterisk /var/run/asterisk /var/spool/asterisk/recording \
             /var/lib/callwright-agents \
 && chown -R asterisk:asterisk /etc/asterisk /var/lib/asterisk /var/log/asterisk \
             /var/run/asterisk /var/spool/asterisk \
 && chmod 0755 /usr/local/bin/callwright-asterisk-entrypoint \
 # The callwright image's `node` user (uid 1000) writes pjsip_agents.conf into
 # this shared volume; Asterisk only reads it.
 && chown 1000:1000 /var/lib/callwright-agents
# The entrypoint renders the configuration as root, then Asterisk drops to
# the asterisk user (-U/-G) before it opens any port.
# SIP, and the RTP range of rtp.conf.
EXPOSE 5060/udp 10000-10099/udp
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["asterisk", "-rx", "core show uptime"]
ENTRYPOINT ["/usr/local/bin/callwright-asterisk-entrypoint"]
CMD ["asterisk", "-f", "-U", "asterisk", "-G", "asterisk", "-vvv"]
