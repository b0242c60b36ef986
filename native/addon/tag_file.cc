// tagFile(path, options): read + parse + tag one changeset file entirely on a pool thread.
// Files in the common Praxi YAML shape never create a JS string per path; any other file comes
// back as bytes ({fallback: true, bytes}) for the full parser in TypeScript.
#include "tag_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <optional>

#include "praxi/changeset/fast_parse.h"
#include "praxi/features/path_words.h"
#include "promise_worker.h"
#include "tag_result.h"

namespace praxi::addon {
namespace {

constexpr std::size_t kMaxFileBytes = std::size_t{1} << 31;  // 2 GiB: beyond this, refuse clearly
// Each pool thread reads into one buffer it keeps: fresh memory for every file costs a page fault
// per 4 KiB (most of the kernel time of a large run). Files above this size get their own buffer,
// so a thread never holds on to more than this.
constexpr std::size_t kKeptBufferBytes = std::size_t{16} << 20;

std::string& thread_buffer() {
  thread_local std::string buffer;
  return buffer;
}

class TagFileWorker final : public PromiseWorker {
 public:
  TagFileWorker(Napi::Env env, std::string path, ColumbusOptions options, bool words)
      : PromiseWorker(env), path_(std::move(path)), options_(std::move(options)), want_words_(words) {}

 private:
  void Run() override {
    std::string own;
    std::string& buffer = thread_buffer();
    std::size_t size = 0;
    if (!read_file(buffer, own, size)) return;
    const std::string_view text((own.empty() ? buffer : own).data(), size);
    // The reader hands each change straight to the tagger (and the path words): no string per path.
    struct Sink final : changeset::ChangeSink {
      columbus::Tagger tagger;
      std::optional<features::PathWords> words;
      void change(std::string_view c) override {
        tagger.add(c);
        if (words) words->add(c);
      }
    } sink;
    if (want_words_) sink.words.emplace();
    try {
      changeset::Changeset cs;
      if (changeset::parse_yaml_fast(text, cs, sink) != changeset::FastParse::ok) {
        bytes_.assign(text);  // fallback: the bytes go back to TypeScript (what the sink built is dropped)
        return;
      }
      tags_ = sink.tagger.finish(options_.options);
      if (sink.words) words_ = sink.words->finish();
      changes_ = sink.tagger.changes_seen();
      parsed_ = std::move(cs);
    } catch (const columbus::Error& e) {
      Fail(e.code() == "INVALID_UTF8" ? "CHANGESET_ENCODING" : e.code(), path_ + ": " + e.what());
    }
  }

  // Reads the file into `buffer` (the thread's), or into `own` when it is larger than a thread keeps.
  bool read_file(std::string& buffer, std::string& own, std::size_t& size) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      Fail(errno == ENOENT ? "INPUT_NOT_FOUND" : "INPUT_UNREADABLE", path_ + ": cannot open: " + std::strerror(errno));
      return false;
    }
    struct FdCloser {
      int fd;
      ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      Fail("INPUT_UNREADABLE", path_ + ": not a regular file");
      return false;
    }
    if (static_cast<std::uint64_t>(st.st_size) > kMaxFileBytes) {
      Fail("CHANGESET_TOO_LARGE", path_ + ": " + std::to_string(st.st_size) + " bytes; changeset files larger than 2 GiB are refused");
      return false;
    }
    const std::size_t want = static_cast<std::size_t>(st.st_size);
    std::string& into = want > kKeptBufferBytes ? own : buffer;
    if (into.size() < want) into.resize(want);  // grows only: what is past `size` is never read
    std::size_t done = 0;
    while (done < want) {
      const ssize_t n = ::read(fd, into.data() + done, want - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        Fail("INPUT_UNREADABLE", path_ + ": read failed: " + std::strerror(errno));
        return false;
      }
      if (n == 0) break;  // the file shrank while we read it: take what is there
      done += static_cast<std::size_t>(n);
    }
    size = done;
    return true;
  }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    if (!parsed_) {
      o.Set("fallback", Napi::Boolean::New(env, true));
      o.Set("bytes", Napi::Buffer<char>::Copy(env, bytes_.data(), bytes_.size()));
      return o;
    }
    o.Set("tags", tag_set_to_js(env, tags_));
    o.Set("changes", Napi::Number::New(env, static_cast<double>(changes_)));
    if (want_words_) o.Set("words", path_words_to_js(env, words_));
    if (parsed_->label) o.Set("label", Napi::String::New(env, *parsed_->label));
    if (parsed_->labels) {
      Napi::Array labels = Napi::Array::New(env, parsed_->labels->size());
      for (std::size_t i = 0; i < parsed_->labels->size(); ++i) labels.Set(static_cast<std::uint32_t>(i), (*parsed_->labels)[i]);
      o.Set("labels", labels);
    }
    if (parsed_->id) o.Set("id", Napi::String::New(env, *parsed_->id));
    if (parsed_->open_time) o.Set("open_time", Napi::Number::New(env, *parsed_->open_time));
    if (parsed_->close_time) o.Set("close_time", Napi::Number::New(env, *parsed_->close_time));
    return o;
  }

  std::string path_;
  ColumbusOptions options_;
  std::string bytes_;
  std::optional<changeset::Changeset> parsed_;
  bool want_words_;
  columbus::TagSet tags_;
  features::PathWordSets words_;
  std::size_t changes_ = 0;
};

Napi::Value TagFile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "tagFile expects a file path");
  ColumbusOptions options = columbus_options_from_js(env, info[1]);
  // options.words: also the path words (native/features) of the same parse.
  const Napi::Value words = info[1].As<Napi::Object>().Get("words");
  auto* worker = new TagFileWorker(env, info[0].As<Napi::String>().Utf8Value(), std::move(options), words.IsBoolean() && words.As<Napi::Boolean>().Value());
  return worker->Start();
}

}  // namespace

void InitTagFile(Napi::Env env, Napi::Object exports) {
  exports.Set("tagFile", Napi::Function::New(env, TagFile, "tagFile"));
}

}  // namespace praxi::addon
