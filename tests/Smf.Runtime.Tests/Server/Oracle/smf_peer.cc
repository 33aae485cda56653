// An independent smf peer for tests: Google's FlatBuffers C++ builder and verifier, with CRC-32 and XXH64
// written from their specifications here, talking to the server over plain POSIX sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "kvstore_generated.h"

static uint32_t crc32(const std::string& s) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL, P3 = 1609587929392839161ULL,
                      P4 = 9650029242287828579ULL, P5 = 2870177450012600261ULL;
static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t rd64(const uint8_t* p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const uint8_t* p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t round1(uint64_t acc, uint64_t in) { acc += in * P2; acc = rotl(acc, 31); return acc * P1; }
static uint64_t merge(uint64_t acc, uint64_t v) { acc ^= round1(0, v); return acc * P1 + P4; }

static uint64_t xxh64(const uint8_t* p, size_t len) {
  const uint8_t* end = p + len;
  uint64_t h;
  if (len >= 32) {
    uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
    while (p + 32 <= end) {
      v1 = round1(v1, rd64(p)); v2 = round1(v2, rd64(p + 8)); v3 = round1(v3, rd64(p + 16)); v4 = round1(v4, rd64(p + 24));
      p += 32;
    }
    h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    h = merge(h, v1); h = merge(h, v2); h = merge(h, v3); h = merge(h, v4);
  } else {
    h = P5;
  }
  h += len;
  for (; p + 8 <= end; p += 8) h = rotl(h ^ round1(0, rd64(p)), 27) * P1 + P4;
  if (p + 4 <= end) { h = rotl(h ^ (uint64_t)rd32(p) * P1, 23) * P2 + P3; p += 4; }
  for (; p < end; p++) h = rotl(h ^ (*p) * P5, 11) * P1;
  h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
  return h;
}

static void put16(std::vector<uint8_t>& b, uint16_t v) { for (int i = 0; i < 2; i++) b.push_back((uint8_t)(v >> (8 * i))); }
static void put32(std::vector<uint8_t>& b, uint32_t v) { for (int i = 0; i < 4; i++) b.push_back((uint8_t)(v >> (8 * i))); }

static bool read_exact(int fd, uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t r = recv(fd, p, n, 0);
    if (r <= 0) return false;
    p += r; n -= (size_t)r;
  }
  return true;
}

int main(int argc, char** argv) {
  if (argc != 3) { fprintf(stderr, "usage: smf_peer PORT CALLS\n"); return 2; }
  if (xxh64((const uint8_t*)"", 0) != 0xEF46DB3751D8E999ULL || xxh64((const uint8_t*)"abc", 3) != 0x44BC2CF5AD770999ULL) {
    fprintf(stderr, "xxh64 self-check failed\n"); return 3;
  }
  const uint32_t request_id = crc32("MemoryNode") ^ crc32("Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse");
  if (request_id != 3647565230u) { fprintf(stderr, "crc32 self-check failed: %u\n", request_id); return 3; }
  const int calls = atoi(argv[2]);

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)atoi(argv[1]));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, (sockaddr*)&addr, sizeof addr) != 0) { perror("connect"); return 4; }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  // Every call pipelined in one write: header (compression, bitflags, session, size, checksum, meta) + payload.
  std::vector<uint8_t> out;
  for (int i = 1; i <= calls; i++) {
    flatbuffers::FlatBufferBuilder fbb;
    std::string key = "key." + std::to_string(i);
    fbb.Finish(kvstore::fbs::CreatePutRequestDirect(fbb, key.c_str(), (key + ".val").c_str()));
    const uint8_t* payload = fbb.GetBufferPointer();
    uint32_t size = fbb.GetSize();
    out.push_back(0); out.push_back(0); put16(out, (uint16_t)i); put32(out, size);
    put32(out, (uint32_t)xxh64(payload, size)); put32(out, request_id);
    out.insert(out.end(), payload, payload + size);
  }
  for (size_t sent = 0; sent < out.size();) {
    ssize_t w = send(fd, out.data() + sent, out.size() - sent, 0);
    if (w <= 0) { perror("send"); return 4; }
    sent += (size_t)w;
  }

  std::set<uint16_t> sessions;
  for (int i = 0; i < calls; i++) {
    uint8_t h[16];
    if (!read_exact(fd, h, 16)) { fprintf(stderr, "connection closed after %d replies\n", i); return 5; }
    uint16_t session = (uint16_t)(h[2] | (h[3] << 8));
    uint32_t size = rd32(h + 4), checksum = rd32(h + 8), status = rd32(h + 12);
    std::vector<uint8_t> payload(size);
    if (size == 0 || !read_exact(fd, payload.data(), size)) { fprintf(stderr, "bad reply size %u\n", size); return 5; }
    if (h[0] != 0 || h[1] != 0) { fprintf(stderr, "compression %d bitflags %d\n", h[0], h[1]); return 6; }
    if ((uint32_t)xxh64(payload.data(), size) != checksum) { fprintf(stderr, "checksum mismatch on session %u\n", session); return 6; }
    if (status != 200) { fprintf(stderr, "status %u on session %u\n", status, session); return 6; }
    flatbuffers::Verifier verifier(payload.data(), size);
    if (!verifier.VerifyBuffer<kvstore::fbs::PutResponse>(nullptr)) { fprintf(stderr, "reply %u fails the verifier\n", session); return 6; }
    if (!sessions.insert(session).second) { fprintf(stderr, "session %u answered twice\n", session); return 6; }
  }
  close(fd);
  printf("ok %zu\n", sessions.size());
  return sessions.size() == (size_t)calls ? 0 : 7;
}
