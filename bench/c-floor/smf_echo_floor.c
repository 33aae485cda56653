/*
 * smf_echo_floor: the physical floor of the payload-size shapes.
 *
 * A single-threaded, non-blocking epoll server that answers every smf request frame with a reply
 * frame carrying the request's payload back: the 16-byte header is copied (compression, bitflags,
 * session, size and checksum stay those of the same bytes) with the status set to 200, then the
 * payload is memcpy'd after it. No checksum is computed, nothing is parsed beyond the header: it
 * measures what the kernel, the loopback and one copy of the bytes cost. Buffers grow to the
 * largest frame seen (up to MAX_PAYLOAD); replies produced in one loop iteration are written with
 * one write() per connection.
 *
 * Usage: smf_echo_floor [--port N]
 *   --port N   TCP port on 127.0.0.1 (default 20778; 0 picks a free port)
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
#define INITIAL_CAP (256 * 1024)
#define MAX_PAYLOAD (64u * 1024 * 1024)
#define STATUS_OK 200u

struct conn {
    int fd;
    int waiting_for_writable;
    uint8_t *in;
    size_t in_len, in_cap;
    uint8_t *out;
    size_t out_off, out_len, out_cap;
};

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static void close_conn(int epfd, struct conn *c)
{
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

/* Grows *buf to hold at least need bytes (doubling); returns -1 when memory runs out. */
static int reserve(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    size_t cap2 = *cap;
    while (cap2 < need) cap2 *= 2;
    uint8_t *grown = realloc(*buf, cap2);
    if (grown == NULL) return -1;
    *buf = grown;
    *cap = cap2;
    return 0;
}

/* Writes what is pending; arms EPOLLOUT while the socket cannot take all of it. Returns -1 on error. */
static int flush_out(int epfd, struct conn *c)
{
    while (c->out_off < c->out_len) {
        ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (n > 0) { c->out_off += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return -1;
    }
    if (c->out_off == c->out_len) c->out_off = c->out_len = 0;
    int want = c->out_len > 0;
    if (want != c->waiting_for_writable) {
        struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
        if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0) return -1;
        c->waiting_for_writable = want;
    }
    return 0;
}

/* Appends the reply of one whole request frame at h: its header with status 200, then its payload. */
static int append_reply(struct conn *c, const uint8_t *h, uint32_t size)
{
    if (c->out_off > 0 && c->out_len + HEADER_LEN + size > c->out_cap) {
        memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
        c->out_len -= c->out_off;
        c->out_off = 0;
    }
    if (reserve(&c->out, &c->out_cap, c->out_len + HEADER_LEN + size) != 0) return -1;
    uint8_t *r = c->out + c->out_len;
    memcpy(r, h, 12);
    uint32_t status = STATUS_OK;
    memcpy(r + 12, &status, 4);
    memcpy(r + HEADER_LEN, h + HEADER_LEN, size);
    c->out_len += HEADER_LEN + size;
    return 0;
}

/* Reads everything available and answers each whole frame; returns -1 when the connection must close. */
static int on_readable(int epfd, struct conn *c)
{
    for (;;) {
        if (c->in_len == c->in_cap && reserve(&c->in, &c->in_cap, c->in_cap * 2) != 0) return -1;
        size_t space = c->in_cap - c->in_len;
        ssize_t n = read(c->fd, c->in + c->in_len, space);
        if (n == 0) return -1;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return -1;
        }
        c->in_len += (size_t)n;
        size_t pos = 0;
        while (c->in_len - pos >= HEADER_LEN) {
            const uint8_t *h = c->in + pos;
            uint32_t size;
            memcpy(&size, h + 4, 4);
            if (size == 0 || size > MAX_PAYLOAD) return -1;
            if (c->in_len - pos < HEADER_LEN + (size_t)size) {
                if (reserve(&c->in, &c->in_cap, (c->in_len - pos) + HEADER_LEN + size) != 0) return -1;
                break;
            }
            if (append_reply(c, h, size) != 0) return -1;
            pos += HEADER_LEN + size;
        }
        if (pos > 0) {
            memmove(c->in, c->in + pos, c->in_len - pos);
            c->in_len -= pos;
        }
        if ((size_t)n < space) break; /* drained: a short read means the socket is empty */
    }
    return c->out_len > c->out_off ? flush_out(epfd, c) : 0;
}

int main(int argc, char **argv)
{
    int port = 20778;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else {
            fprintf(stderr, "smf_echo_floor: unknown argument '%s'. Usage: smf_echo_floor [--port N]\n", argv[i]);
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
        fprintf(stderr, "smf_echo_floor: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);

    int epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev);
    printf("listening 127.0.0.1:%d echo\n", ntohs(addr.sin_port));
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    while (!stopping) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, 200);
        if (n < 0 && errno != EINTR) { perror("smf_echo_floor: epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c == NULL) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn *nc = calloc(1, sizeof *nc);
                    if (nc != NULL) {
                        nc->in = malloc(INITIAL_CAP);
                        nc->out = malloc(INITIAL_CAP);
                        nc->in_cap = nc->out_cap = INITIAL_CAP;
                    }
                    if (nc == NULL || nc->in == NULL || nc->out == NULL) {
                        close(fd);
                        if (nc != NULL) { free(nc->in); free(nc->out); free(nc); }
                        continue;
                    }
                    nc->fd = fd;
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = nc };
                    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) { close(fd); free(nc->in); free(nc->out); free(nc); }
                }
                continue;
            }
            int failed = 0;
            if (events[i].events & (EPOLLERR | EPOLLHUP)) failed = 1;
            if (!failed && (events[i].events & EPOLLOUT)) failed = flush_out(epfd, c) != 0;
            if (!failed && (events[i].events & EPOLLIN)) failed = on_readable(epfd, c) != 0;
            if (failed) close_conn(epfd, c);
        }
    }
    close(lfd);
    close(epfd);
    return 0;
}
