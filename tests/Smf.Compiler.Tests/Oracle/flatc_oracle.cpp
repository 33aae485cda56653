// Layout oracle over Google's FlatBuffers parser (flatbuffers/idl.h, libflatbuffers).
// For each schema path given on the command line prints:
//   == <path>
//   status ok | status error <first line of the parser's message>
// and when accepted one fact per line (the C# side prints the same facts from its model):
//   struct <qualified> size <n> align <n>
//   sfield <qualified>.<field> offset <n> padding <n>
//   table <qualified>
//   tfield <qualified>.<field> id <n>
//   enum <qualified> <underlying>
//   enumval <qualified>.<value> <n>
//   union <qualified>
//   member <qualified>.<member> <n> <qualified type | string | NONE>
//   service <qualified>
//   method <qualified>.<method> <request> <response> streaming=<value>
#include <flatbuffers/idl.h>
#include <flatbuffers/util.h>

#include <iostream>
#include <string>

namespace {

std::string Qualified(const flatbuffers::Definition &d) {
  return d.defined_namespace ? d.defined_namespace->GetFullyQualifiedName(d.name) : d.name;
}

const char *ScalarName(flatbuffers::BaseType t) {
  switch (t) {
    case flatbuffers::BASE_TYPE_BOOL: return "bool";
    case flatbuffers::BASE_TYPE_CHAR: return "byte";
    case flatbuffers::BASE_TYPE_UCHAR: return "ubyte";
    case flatbuffers::BASE_TYPE_SHORT: return "short";
    case flatbuffers::BASE_TYPE_USHORT: return "ushort";
    case flatbuffers::BASE_TYPE_INT: return "int";
    case flatbuffers::BASE_TYPE_UINT: return "uint";
    case flatbuffers::BASE_TYPE_LONG: return "long";
    case flatbuffers::BASE_TYPE_ULONG: return "ulong";
    case flatbuffers::BASE_TYPE_UTYPE: return "ubyte";
    default: return "other";
  }
}

void Describe(const std::string &path) {
  std::cout << "== " << path << "\n";
  std::string source;
  if (!flatbuffers::LoadFile(path.c_str(), false, &source)) {
    std::cout << "status unreadable\n";
    return;
  }
  std::string directory = flatbuffers::StripFileName(path);
  const char *include_paths[] = { directory.c_str(), nullptr };
  flatbuffers::IDLOptions options;
  // Advanced union features (structs and strings as members, vectors of unions) need a target that supports them.
  options.lang_to_generate = flatbuffers::IDLOptions::kCpp;
  flatbuffers::Parser parser(options);
  if (!parser.Parse(source.c_str(), include_paths, path.c_str())) {
    std::string error = parser.error_;
    for (auto &c : error) if (c == '\n') c = ' ';
    std::cout << "status error " << error << "\n";
    return;
  }
  std::cout << "status ok\n";
  for (auto *s : parser.structs_.vec) {
    auto name = Qualified(*s);
    if (s->fixed) {
      std::cout << "struct " << name << " size " << s->bytesize << " align " << s->minalign << "\n";
      for (auto *f : s->fields.vec) {
        std::cout << "sfield " << name << "." << f->name << " offset " << f->value.offset << " padding " << f->padding << "\n";
      }
    } else {
      std::cout << "table " << name << "\n";
      for (auto *f : s->fields.vec) {
        std::cout << "tfield " << name << "." << f->name << " id " << ((f->value.offset - 4) / 2) << "\n";
      }
    }
  }
  for (auto *e : parser.enums_.vec) {
    auto name = Qualified(*e);
    if (e->is_union) {
      std::cout << "union " << name << "\n";
      for (auto *v : e->Vals()) {
        std::string type = "NONE";
        if (v->union_type.base_type == flatbuffers::BASE_TYPE_STRING) type = "string";
        else if (v->union_type.struct_def) type = Qualified(*v->union_type.struct_def);
        std::cout << "member " << name << "." << v->name << " " << e->ToString(*v) << " " << type << "\n";
      }
    } else {
      std::cout << "enum " << name << " " << ScalarName(e->underlying_type.base_type) << "\n";
      for (auto *v : e->Vals()) {
        std::cout << "enumval " << name << "." << v->name << " " << e->ToString(*v) << "\n";
      }
    }
  }
  for (auto *s : parser.services_.vec) {
    auto name = Qualified(*s);
    std::cout << "service " << name << "\n";
    for (auto *c : s->calls.vec) {
      auto *streaming = c->attributes.Lookup("streaming");
      std::cout << "method " << name << "." << c->name << " " << Qualified(*c->request) << " " << Qualified(*c->response)
                << " streaming=" << (streaming ? streaming->constant : std::string("none")) << "\n";
    }
  }
}

}  // namespace

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) Describe(argv[i]);
  return 0;
}
