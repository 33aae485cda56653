// A reference smf server for the client oracle tests, written against Google's C++ FlatBuffers library
// (flatc --cpp output and flatbuffers::Verifier) and an XXH64 written from the xxHash specification.
//
// It accepts connections on 127.0.0.1 (port from argv[1], 0 = any) and prints "listening <port>".
// For each request frame it checks the header (size > 0, bitflags 0, compression 0, checksum = low 32
// bits of XXH64 seed 0, request id of MemoryNode.Put), then runs the FlatBuffers verifier on the payload.
// A verified PutRequest{key, value} is answered with status 200 and a PutRequest built by the C++
// builder holding key = "cpp:" + key and value = value + ":cpp", so the client can check what it read.
// A payload the verifier rejects is answered with status 400 and an empty PutResponse. A bad header
// closes the connection. Frames that arrive together are answered in reverse order (out-of-order replies).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "kvstore_generated.h"

namespace {

constexpr uint32_t kPutRequestId = 3647565230u;  // CRC-32("MemoryNode") ^ CRC-32("Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse")

constexpr uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL, P3 = 1609587929392839161ULL,
                   P4 = 9650029242287828579ULL, P5 = 2870177450012600261ULL;

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
uint64_t Read64(const uint8_t* p) { uint64_t v; std::memcpy(&v, p, 8); return v; }
uint32_t Read32(const uint8_t* p) { uint32_t v; std::memcpy(&v, p, 4); return v; }
uint64_t Round(uint64_t acc, uint64_t input) { acc += input * P2; acc = Rotl(acc, 31); return acc * P1; }
uint64_t Merge(uint64_t acc, uint64_t v) { acc ^= Round(0, v); return acc * P1 + P4; }

uint64_t Xxh64(const uint8_t* p, size_t len) {
  const uint8_t* end = p + len;
  uint64_t h;
  if (len >= 32) {
    uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
    while (p + 32 <= end) {
      v1 = Round(v1, Read64(p)); v2 = Round(v2, Read64(p + 8));
      v3 = Round(v3, Read64(p + 16)); v4 = Round(v4, Read64(p + 24));
      p += 32;
    }
    h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
    h = Merge(h, v1); h = Merge(h, v2); h = Merge(h, v3); h = Merge(h, v4);
  } else {
    h = P5;
  }
  h += len;
  for (; p + 8 <= end; p += 8) { h ^= Round(0, Read64(p)); h = Rotl(h, 27) * P1 + P4; }
  if (p + 4 <= end) { h ^= static_cast<uint64_t>(Read32(p)) * P1; h = Rotl(h, 23) * P2 + P3; p += 4; }
  for (; p < end; ++p) { h ^= (*p) * P5; h = Rotl(h, 11) * P1; }
  h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
  return h;
}

uint32_t Checksum(const uint8_t* p, size_t len) { return static_cast<uint32_t>(Xxh64(p, len)); }

bool ReadExactly(int fd, uint8_t* p, size_t len) {
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n <= 0) return false;
    p += n; len -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, const std::vector<uint8_t>& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

void AppendFrame(std::vector<uint8_t>& out, uint16_t session, uint32_t status, const uint8_t* payload, uint32_t size) {
  uint8_t header[16] = {0, 0};
  std::memcpy(header + 2, &session, 2);
  std::memcpy(header + 4, &size, 4);
  uint32_t checksum = Checksum(payload, size);
  std::memcpy(header + 8, &checksum, 4);
  std::memcpy(header + 12, &status, 4);
  out.insert(out.end(), header, header + 16);
  out.insert(out.end(), payload, payload + size);
}

// Answers one request; returns false when the header is bad and the connection must close.
bool Answer(uint16_t session, uint32_t meta, const std::vector<uint8_t>& payload, std::vector<uint8_t>& out) {
  if (meta != kPutRequestId) return false;
  flatbuffers::Verifier verifier(payload.data(), payload.size());
  flatbuffers::FlatBufferBuilder builder;
  if (!verifier.VerifyBuffer<kvstore::fbs::PutRequest>(nullptr)) {
    builder.Finish(kvstore::fbs::CreatePutResponse(builder));
    AppendFrame(out, session, 400, builder.GetBufferPointer(), builder.GetSize());
    return true;
  }
  auto request = flatbuffers::GetRoot<kvstore::fbs::PutRequest>(payload.data());
  std::string key = "cpp:" + (request->key() ? request->key()->str() : std::string());
  std::string value = (request->value() ? request->value()->str() : std::string()) + ":cpp";
  auto k = builder.CreateString(key);
  auto v = builder.CreateString(value);
  builder.Finish(kvstore::fbs::CreatePutRequest(builder, k, v));
  AppendFrame(out, session, 200, builder.GetBufferPointer(), builder.GetSize());
  return true;
}

void Serve(int fd) {
  struct Request { uint16_t session; uint32_t meta; std::vector<uint8_t> payload; };
  std::vector<Request> batch;
  while (true) {
    uint8_t header[16];
    if (!ReadExactly(fd, header, 16)) break;
    uint16_t session; uint32_t size, checksum, meta;
    std::memcpy(&session, header + 2, 2); std::memcpy(&size, header + 4, 4);
    std::memcpy(&checksum, header + 8, 4); std::memcpy(&meta, header + 12, 4);
    if (header[0] != 0 || header[1] != 0 || size == 0 || size > (64u << 20) || checksum == 0 || meta == 0) break;
    std::vector<uint8_t> payload(size);
    if (!ReadExactly(fd, payload.data(), size)) break;
    if (Checksum(payload.data(), size) != checksum) break;
    batch.push_back({session, meta, std::move(payload)});
    pollfd more{fd, POLLIN, 0};
    if (poll(&more, 1, 0) > 0 && (more.revents & POLLIN)) continue;  // gather frames that arrived together
    std::vector<uint8_t> out;
    bool ok = true;
    for (auto it = batch.rbegin(); it != batch.rend() && ok; ++it) ok = Answer(it->session, it->meta, it->payload, out);
    batch.clear();
    if (!ok || !WriteAll(fd, out)) break;
  }
  close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  const uint8_t abc[] = {'a', 'b', 'c'};
  if (Xxh64(abc, 3) != 0x44BC2CF5AD770999ULL || Xxh64(nullptr, 0) != 0xEF46DB3751D8E999ULL) {
    std::fprintf(stderr, "XXH64 self-check failed\n");
    return 2;
  }
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(argc > 1 ? std::atoi(argv[1]) : 0));
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || listen(listener, 16) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  socklen_t length = sizeof(address);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::printf("listening %d\n", ntohs(address.sin_port));
  std::fflush(stdout);
  while (true) {
    int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::thread(Serve, fd).detach();
  }
}
