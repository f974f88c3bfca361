#include "forms/form_registry.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace prefill {

namespace {

std::string FileOf(const std::vector<std::string>& files, size_t i) {
  return i < files.size() ? files[i] : "form #" + std::to_string(i + 1);
}

}  // namespace

Result<FormRegistry> FormRegistry::LoadDirectory(const std::string& dir, std::vector<FormProblem>* problems,
                                                 const FormLoadOptions& options) {
  std::vector<FormProblem> local;
  std::vector<FormProblem>* sink = problems != nullptr ? problems : &local;
  const size_t before = sink->size();

  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> paths;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".json" && it->is_regular_file(type_ec)) {
      paths.push_back((fs::path(dir) / it->path().filename()).string());
    }
  }
  if (ec) {
    sink->push_back(FormProblem{dir, "", "cannot read the forms directory: " + ec.message()});
    return Status::InvalidArgument(dir + ": cannot read the forms directory");
  }
  if (paths.empty()) {
    sink->push_back(FormProblem{dir, "", "no form files (*.json) in the forms directory"});
    return Status::InvalidArgument(dir + ": no form files");
  }
  std::sort(paths.begin(), paths.end());

  std::vector<Form> forms;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    Result<Form> form = LoadFormFile(path, sink, options);
    if (form.ok()) {
      forms.push_back(std::move(form.value()));
      files.push_back(path);
    }
  }
  Result<FormRegistry> registry = FromForms(std::move(forms), sink, files);
  if (sink->size() > before) {
    return Status::InvalidArgument(dir + ": " + std::to_string(sink->size() - before) + " problem(s) in form files");
  }
  return registry;
}

Result<FormRegistry> FormRegistry::FromForms(std::vector<Form> forms, std::vector<FormProblem>* problems,
                                             const std::vector<std::string>& files) {
  std::vector<FormProblem> local;
  std::vector<FormProblem>* sink = problems != nullptr ? problems : &local;
  const size_t before = sink->size();

  FormRegistry registry;
  for (size_t i = 0; i < forms.size(); ++i) {
    const Form& form = forms[i];
    auto id = registry.by_id_.find(form.id);
    if (id != registry.by_id_.end()) {
      sink->push_back(FormProblem{FileOf(files, i), "$.id",
                                  "duplicate form id '" + form.id + "' (also in " + FileOf(files, id->second) + ")"});
    } else {
      registry.by_id_.emplace(form.id, i);
    }
    const std::pair<const std::string*, bool> hashes[] = {{&form.hash, false}, {&form.sandbox_hash, true}};
    for (const auto& [hash, sandbox] : hashes) {
      if (hash->empty()) continue;
      const char* path = sandbox ? "$.sandbox_hash" : "$.hash";
      auto taken = registry.by_hash_.find(*hash);
      if (taken != registry.by_hash_.end()) {
        const HashEntry& other = taken->second;
        sink->push_back(FormProblem{FileOf(files, i), path,
                                    "hash '" + *hash + "' is already the " + (other.sandbox ? "sandbox" : "live") +
                                        " hash of form '" + forms[other.index].id + "' (" +
                                        FileOf(files, other.index) + ")"});
      } else {
        registry.by_hash_.emplace(*hash, HashEntry{i, sandbox});
      }
    }
  }
  if (sink->size() > before) {
    return Status::InvalidArgument(std::to_string(sink->size() - before) + " duplicate id(s) or hash(es)");
  }
  registry.forms_ = std::move(forms);
  return registry;
}

FormLookup FormRegistry::FindByHash(std::string_view hash) const {
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return FormLookup{};
  return FormLookup{&forms_[it->second.index], it->second.sandbox};
}

const Form* FormRegistry::FindById(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &forms_[it->second];
}

}  // namespace prefill
