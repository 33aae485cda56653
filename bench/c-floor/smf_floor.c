/*
 * smf_floor: the physical floor for the smf benchmarks.
 *
 * A single-threaded, non-blocking epoll server that answers every smf request frame with the
 * exact reply frame our MemoryNode.Put service sends: a 16-byte header (compression 0, session
 * copied from the request, size 12, checksum XXH64-low-32 of the payload, status 200) and the
 * 12-byte finished empty PutResponse table. It parses the 16-byte header to find each frame's
 * end, but does no checksum, FlatBuffers or routing work: it measures what the kernel and the
 * loopback cost, nothing else. Replies produced in one loop iteration are written with one
 * write() per connection.
 *
 * Usage: smf_floor [--port N] [--busy-poll]
 *   --port N      TCP port on 127.0.0.1 (default 20777; 0 picks a free port)
 *   --busy-poll   never sleep in epoll_wait (timeout 0): the busy-polling floor
 * Prints "listening 127.0.0.1:<port>" on stdout once it accepts connections; SIGTERM/SIGINT stop it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEADER_LEN 16
#define MAX_EVENTS 128
#define IN_CAP (256 * 1024)
#define OUT_CAP (256 * 1024)
#define MAX_PAYLOAD (IN_CAP - HEADER_LEN)

/* The reply frame our server sends for Put (see tests/Smf.Runtime.Tests/Vectors/kvstore-put-reply.hex). */
static const uint8_t reply_template[28] = {
    0x00, 0x00, 0x00, 0x00,             /* compression, bitflags, session (patched per request) */
    0x0c, 0x00, 0x00, 0x00,             /* size 12 */
    0x0d, 0x58, 0x02, 0xef,             /* checksum 0xEF02580D = low 32 bits of XXH64(payload) */
    0xc8, 0x00, 0x00, 0x00,             /* status 200 */
    0x08, 0x00, 0x00, 0x00,             /* root offset */
    0x04, 0x00, 0x04, 0x00,             /* vtable: 4 bytes, table 4 bytes, no fields */
    0x04, 0x00, 0x00, 0x00,             /* table: soffset to the vtable */
};

struct conn {
    int fd;
    uint32_t in_len;
    uint32_t out_len;
    uint8_t in[IN_CAP];
    uint8_t out[OUT_CAP];
};

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static void close_conn(int epfd, struct conn *c)
{
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* Writes what is pending; returns 0 on success (possibly partial, then EPOLLOUT is armed), -1 on error. */
static int flush_out(int epfd, struct conn *c)
{
    uint32_t off = 0;
    while (off < c->out_len) {
        ssize_t n = write(c->fd, c->out + off, c->out_len - off);
        if (n > 0) { off += (uint32_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return -1;
    }
    memmove(c->out, c->out + off, c->out_len - off);
    c->out_len -= off;
    struct epoll_event ev = { .events = EPOLLIN | (c->out_len ? EPOLLOUT : 0), .data.ptr = c };
    if (c->out_len && epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0) return -1;
    return 0;
}

/* Reads everything available and answers each whole frame; returns -1 when the connection must close. */
static int on_readable(int epfd, struct conn *c)
{
    for (;;) {
        ssize_t n = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
        if (n == 0) return -1;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return -1;
        }
        c->in_len += (uint32_t)n;
        uint32_t pos = 0;
        while (c->in_len - pos >= HEADER_LEN) {
            const uint8_t *h = c->in + pos;
            uint32_t size;
            memcpy(&size, h + 4, 4);
            if (size == 0 || size > MAX_PAYLOAD) return -1;
            if (c->in_len - pos < HEADER_LEN + size) break;
            if (OUT_CAP - c->out_len < sizeof reply_template) {
                if (flush_out(epfd, c) != 0) return -1;
                if (OUT_CAP - c->out_len < sizeof reply_template) return -1; /* peer does not read */
            }
            uint8_t *r = c->out + c->out_len;
            memcpy(r, reply_template, sizeof reply_template);
            r[2] = h[2];
            r[3] = h[3];
            c->out_len += sizeof reply_template;
            pos += HEADER_LEN + size;
        }
        memmove(c->in, c->in + pos, c->in_len - pos);
        c->in_len -= pos;
        if ((size_t)n < IN_CAP) break; /* drained: a short read means the socket is empty */
    }
    return c->out_len ? flush_out(epfd, c) : 0;
}

int main(int argc, char **argv)
{
    int port = 20777;
    int busy = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--busy-poll") == 0) busy = 1;
        else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else {
            fprintf(stderr, "smf_floor: unknown argument '%s'. Usage: smf_floor [--port N] [--busy-poll]\n", argv[i]);
            return 2;
        }
    }

    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 1024) != 0) {
        fprintf(stderr, "smf_floor: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);

    int epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev);
    printf("listening 127.0.0.1:%d%s\n", ntohs(addr.sin_port), busy ? " busy-poll" : "");
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    while (!stopping) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, busy ? 0 : 200);
        if (n < 0 && errno != EINTR) { perror("smf_floor: epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c == NULL) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn *nc = malloc(sizeof *nc);
                    if (nc == NULL) { close(fd); continue; }
                    nc->fd = fd;
                    nc->in_len = 0;
                    nc->out_len = 0;
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = nc };
                    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) { close(fd); free(nc); }
                }
                continue;
            }
            int failed = 0;
            if (events[i].events & (EPOLLERR | EPOLLHUP)) failed = 1;
            if (!failed && (events[i].events & EPOLLOUT)) failed = flush_out(epfd, c) != 0;
            if (!failed && (events[i].events & EPOLLIN)) failed = on_readable(epfd, c) != 0;
            if (!failed && c->out_len == 0 && (events[i].events & EPOLLOUT)) {
                struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
                failed = epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0;
            }
            if (failed) close_conn(epfd, c);
        }
    }
    close(lfd);
    close(epfd);
    return 0;
}
