// SPDX-License-Identifier: GPL-2.0
/*
 * tapgso: a tap opened exactly as qemu opens it (IFF_TAP | IFF_NO_PI |
 * IFF_VNET_HDR, TUNSETVNETHDRSZ 12, TUNSETOFFLOAD csum + TSO), speaking just
 * enough TCP over raw frames to move a byte stream: what a virtio-net guest
 * sends, 64 KB TCP GSO frames with a partial checksum, and what it gets.
 *
 *   tapgso send TAP SRCMAC DSTMAC SRCIP DSTIP PORT BYTES [VID]
 *	connect to DSTIP:PORT and send BYTES (byte i is i % 251) in GSO
 *	frames of up to 64 KB (tagged VID from a trunk port), then FIN.
 *   tapgso sink TAP MAC IP PORT BYTES [nooffload]
 *	accept one connection on IP:PORT and receive BYTES; every frame's
 *	checksum is verified as a NIC would (a GSO frame's pseudo-header sum
 *	and partial checksum; a plain frame's full checksum).  nooffload:
 *	no TUNSETOFFLOAD, so the kernel must segment and checksum first.
 *
 * Exit 0 when the stream arrived whole and every checksum was right.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define VHDR	12		/* struct virtio_net_hdr_mrg_rxbuf, as qemu */
#define MSS	1460
#define CHUNK	(64 * 1024 - 1024)	/* payload of one GSO frame */

static int tap;
static uint8_t my_mac[6], peer_mac[6];
static uint32_t my_ip, peer_ip;	/* network order */
static uint16_t my_port, peer_port;	/* host order */
static int vid;
static int bad_csum, gso_frames, frames;

static void die(const char *msg)
{
	perror(msg);
	exit(2);
}

static int parse_mac(const char *s, uint8_t *m)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2],
		      &m[3], &m[4], &m[5]) == 6 ? 0 : -1;
}

static uint32_t sum16(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;

	for (; len > 1; len -= 2, b += 2)
		sum += (b[0] << 8) | b[1];
	if (len)
		sum += b[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static uint32_t pseudo(uint32_t src, uint32_t dst, unsigned int len)
{
	uint32_t sum = 0;

	sum = sum16(&src, 4, sum);
	sum = sum16(&dst, 4, sum);
	return sum + IPPROTO_TCP + len;
}

static void open_tap(const char *name, int offload)
{
	struct ifreq ifr = { 0 };
	int sz = VHDR;

	tap = open("/dev/net/tun", O_RDWR);
	if (tap < 0)
		die("/dev/net/tun");
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(tap, TUNSETIFF, &ifr) < 0)
		die("TUNSETIFF");
	if (ioctl(tap, TUNSETVNETHDRSZ, &sz) < 0)
		die("TUNSETVNETHDRSZ");
	if (offload && ioctl(tap, TUNSETOFFLOAD,
			     TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN) < 0)
		die("TUNSETOFFLOAD");
}

/* Build and write one TCP frame (a GSO frame when len > MSS). */
static void send_tcp(uint32_t seq, uint32_t ack, uint8_t flags,
		     const uint8_t *data, unsigned int len, int syn_mss)
{
	static uint8_t buf[VHDR + 18 + 20 + 24 + 65536];
	struct virtio_net_hdr *vh = (void *)buf;
	uint8_t *eth = buf + VHDR, *ip, *tcp;
	unsigned int l2 = vid ? 18 : 14, thl = syn_mss ? 24 : 20;
	unsigned int tcplen = thl + len;
	static uint16_t ipid;
	uint32_t sum;

	memset(buf, 0, VHDR + l2 + 20 + thl);
	memcpy(eth, peer_mac, 6);
	memcpy(eth + 6, my_mac, 6);
	if (vid) {
		eth[12] = 0x81; eth[13] = 0x00;
		eth[14] = vid >> 8; eth[15] = vid & 0xff;
	}
	eth[l2 - 2] = 0x08; eth[l2 - 1] = 0x00;
	ip = eth + l2;
	ip[0] = 0x45;
	ip[2] = (20 + tcplen) >> 8; ip[3] = (20 + tcplen) & 0xff;
	ip[4] = ipid >> 8; ip[5] = ipid++ & 0xff;
	ip[6] = 0x40;			/* DF */
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	memcpy(ip + 12, &my_ip, 4);
	memcpy(ip + 16, &peer_ip, 4);
	sum = fold(sum16(ip, 20, 0));
	ip[10] = ~sum >> 8; ip[11] = ~sum & 0xff;
	tcp = ip + 20;
	tcp[0] = my_port >> 8; tcp[1] = my_port & 0xff;
	tcp[2] = peer_port >> 8; tcp[3] = peer_port & 0xff;
	seq = htonl(seq); memcpy(tcp + 4, &seq, 4);
	ack = htonl(ack); memcpy(tcp + 8, &ack, 4);
	tcp[12] = (thl / 4) << 4;
	tcp[13] = flags;
	tcp[14] = 0xff; tcp[15] = 0xff;	/* window 65535, no scaling */
	if (syn_mss) {
		tcp[20] = 2; tcp[21] = 4; tcp[22] = MSS >> 8; tcp[23] = MSS & 0xff;
	}
	if (len)
		memcpy(tcp + thl, data, len);
	if (len) {
		/* as virtio-net guests do: the NIC (here, the kernel) finishes
		 * the checksum; the field holds the pseudo-header sum
		 */
		vh->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		vh->csum_start = l2 + 20;
		vh->csum_offset = 16;
		sum = fold(pseudo(my_ip, peer_ip, tcplen));
		tcp[16] = sum >> 8; tcp[17] = sum & 0xff;
		if (len > MSS) {
			vh->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
			vh->gso_size = MSS;
			vh->hdr_len = l2 + 20 + thl;
		}
	} else {
		sum = fold(sum16(tcp, tcplen, pseudo(my_ip, peer_ip, tcplen)));
		tcp[16] = ~sum >> 8; tcp[17] = ~sum & 0xff;
	}
	if (write(tap, buf, VHDR + l2 + 20 + tcplen) < 0)
		die("write to the tap");
}

struct seg {
	uint8_t flags;
	uint32_t seq, ack;
	uint16_t win;
	const uint8_t *data;
	unsigned int len;
};

/* Wait up to @ms for a TCP frame of our connection; 0 on timeout. */
static int recv_tcp(struct seg *s, int ms)
{
	static uint8_t buf[VHDR + 65536 + 64];
	struct pollfd pfd = { .fd = tap, .events = POLLIN };
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct virtio_net_hdr *vh = (void *)buf;
		uint8_t *eth = buf + VHDR, *ip, *tcp;
		unsigned int l2 = 14, iplen, thl;
		ssize_t n;
		int left;
		uint16_t port;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = ms - (int)((t1.tv_sec - t0.tv_sec) * 1000 +
				  (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return 0;
		n = read(tap, buf, sizeof(buf));
		if (n < VHDR + 14 + 40)
			continue;
		if (eth[12] == 0x81 && eth[13] == 0x00)
			l2 = 18;
		if (eth[l2 - 2] != 0x08 || eth[l2 - 1] != 0x00)
			continue;
		ip = eth + l2;
		if (ip[9] != IPPROTO_TCP || memcmp(ip + 16, &my_ip, 4))
			continue;
		iplen = (ip[2] << 8) | ip[3];
		if (iplen < 40 || VHDR + l2 + iplen > (size_t)n)
			continue;
		tcp = ip + (ip[0] & 0xf) * 4;
		port = (tcp[2] << 8) | tcp[3];
		if (port != my_port)
			continue;
		frames++;
		thl = (tcp[12] >> 4) * 4;
		/* what a NIC would check */
		if (vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
			uint16_t psum = fold(pseudo(*(uint32_t *)(ip + 12), my_ip,
						    iplen - 20));

			if (vh->csum_start != l2 + 20 || vh->csum_offset != 16 ||
			    ((tcp[16] << 8) | tcp[17]) != psum) {
				fprintf(stderr, "tapgso: bad partial checksum\n");
				bad_csum++;
			}
			if (vh->gso_type != VIRTIO_NET_HDR_GSO_NONE)
				gso_frames++;
		} else if (!(vh->flags & VIRTIO_NET_HDR_F_DATA_VALID) &&
			   fold(sum16(tcp, iplen - 20,
				      pseudo(*(uint32_t *)(ip + 12), my_ip,
					     iplen - 20))) != 0xffff) {
			fprintf(stderr, "tapgso: bad TCP checksum (len %u)\n",
				iplen - 20 - thl);
			bad_csum++;
		}
		if (!peer_port) {
			memcpy(peer_mac, eth + 6, 6);
			memcpy(&peer_ip, ip + 12, 4);
			peer_port = (tcp[0] << 8) | tcp[1];
		}
		s->flags = tcp[13];
		s->seq = ntohl(*(uint32_t *)(tcp + 4));
		s->ack = ntohl(*(uint32_t *)(tcp + 8));
		s->win = (tcp[14] << 8) | tcp[15];
		s->data = tcp + thl;
		s->len = iplen - 20 - thl;
		return 1;
	}
}

static uint8_t pattern(uint64_t i)
{
	return i % 251;
}

static int do_send(long total)
{
	uint8_t *data = malloc(total + 1);
	uint32_t iss = 1000, una, nxt, irs = 0;
	struct seg s = { 0 };
	int tries = 0, i;
	long off;

	for (off = 0; off < total; off++)
		data[off] = pattern(off);
	for (i = 0; i < 20; i++) {
		send_tcp(iss, 0, 0x02, NULL, 0, 1);	/* SYN */
		if (recv_tcp(&s, 500) && (s.flags & 0x12) == 0x12 &&
		    s.ack == iss + 1)
			break;
		if (s.flags & 0x04)	/* not listening yet: try again */
			usleep(250000);
		s.flags = 0;
	}
	if (i == 20) {
		fprintf(stderr, "tapgso: no SYN-ACK\n");
		return 1;
	}
	irs = s.seq + 1;
	una = nxt = iss + 1;
	send_tcp(nxt, irs, 0x10, NULL, 0, 0);	/* ACK */
	while (una - (iss + 1) < (uint32_t)total) {
		off = una - (iss + 1);
		nxt = una;
		/* one GSO frame of up to 64 KB, whatever the window says: the
		 * receiver drops what does not fit and we go on from its ACK
		 */
		send_tcp(nxt, irs, 0x18, data + off,
			 total - off < CHUNK ? total - off : CHUNK, 0);
		while (recv_tcp(&s, 300)) {
			if ((s.flags & 0x10) && s.ack - una <= (uint32_t)CHUNK &&
			    s.ack != una) {
				una = s.ack;
				tries = 0;
			}
			if (s.flags & 0x04) {
				fprintf(stderr, "tapgso: reset by the peer\n");
				return 1;
			}
		}
		if (++tries > 40) {
			fprintf(stderr, "tapgso: stuck at %u of %ld bytes\n",
				una - (iss + 1), total);
			return 1;
		}
	}
	send_tcp(una, irs, 0x11, NULL, 0, 0);		/* FIN */
	recv_tcp(&s, 500);
	printf("tapgso: sent %ld bytes\n", total);
	return 0;
}

static int do_sink(long total)
{
	uint32_t iss = 5000, rcv = 0;
	long got = 0;
	struct seg s;
	unsigned int i;
	int idle = 0;

	while (got < total && idle < 50) {
		if (!recv_tcp(&s, 200)) {
			idle++;
			continue;
		}
		idle = 0;
		if (s.flags & 0x02) {			/* SYN */
			rcv = s.seq + 1;
			send_tcp(iss, rcv, 0x12, NULL, 0, 1);
			continue;
		}
		if (s.len && s.seq == rcv) {
			for (i = 0; i < s.len; i++)
				if (s.data[i] != pattern(got + i)) {
					fprintf(stderr, "tapgso: wrong byte at %ld\n",
						got + i);
					return 1;
				}
			got += s.len;
			rcv += s.len;
		}
		if (s.len)
			send_tcp(iss + 1, rcv, 0x10, NULL, 0, 0);
	}
	printf("tapgso: received %ld of %ld bytes in %d frames (%d GSO), %d bad checksums\n",
	       got, total, frames, gso_frames, bad_csum);
	return got == total && !bad_csum ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct in_addr a;

	if (argc >= 9 && !strcmp(argv[1], "send")) {
		open_tap(argv[2], 1);
		if (parse_mac(argv[3], my_mac) || parse_mac(argv[4], peer_mac) ||
		    !inet_aton(argv[5], &a))
			goto usage;
		my_ip = a.s_addr;
		if (!inet_aton(argv[6], &a))
			goto usage;
		peer_ip = a.s_addr;
		peer_port = atoi(argv[7]);
		my_port = 40000 + getpid() % 20000;
		vid = argc > 9 ? atoi(argv[9]) : 0;
		return do_send(atol(argv[8]));
	}
	if (argc >= 7 && !strcmp(argv[1], "sink")) {
		open_tap(argv[2], !(argc > 7 && !strcmp(argv[7], "nooffload")));
		if (parse_mac(argv[3], my_mac) || !inet_aton(argv[4], &a))
			goto usage;
		my_ip = a.s_addr;
		my_port = atoi(argv[5]);
		return do_sink(atol(argv[6]));
	}
usage:
	fprintf(stderr, "usage: tapgso send TAP SRCMAC DSTMAC SRCIP DSTIP PORT BYTES [VID]\n"
		"       tapgso sink TAP MAC IP PORT BYTES [nooffload]\n");
	return 2;
}
