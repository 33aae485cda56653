// Verifies FlatBuffers with Google's reflection verifier: verify <schema.bfbs> <table full name> <buffer>...
#include <flatbuffers/reflection.h>
#include <flatbuffers/util.h>
#include <cstdio>
#include <string>
int main(int argc, char** argv) {
  if (argc < 4) { std::fprintf(stderr, "usage: verify schema.bfbs ns.Table buffer...\n"); return 2; }
  std::string bfbs;
  if (!flatbuffers::LoadFile(argv[1], true, &bfbs)) { std::fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
  auto schema = reflection::GetSchema(bfbs.data());
  auto object = schema->objects()->LookupByKey(argv[2]);
  if (!object) { std::fprintf(stderr, "no table %s\n", argv[2]); return 2; }
  for (int i = 3; i < argc; i++) {
    std::string buffer;
    if (!flatbuffers::LoadFile(argv[i], true, &buffer)) { std::fprintf(stderr, "cannot read %s\n", argv[i]); return 2; }
    bool ok = flatbuffers::Verify(*schema, *object, reinterpret_cast<const uint8_t*>(buffer.data()), buffer.size());
    std::printf("%s %s\n", ok ? "ok" : "invalid", argv[i]);
  }
  return 0;
}
