// FormRegistry: every form of a forms directory, looked up by public hash or by id.
//
// Built once at start-up (LoadDirectory reads every *.json file of the directory in
// name order through the form loader), then immutable: all methods are const and
// safe to call from any number of threads without locking. Ids are unique, and so
// are all public hashes: no live hash or sandbox hash may equal any other live or
// sandbox hash of any form (including the form's own).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "forms/form_loader.h"
#include "forms/form_problem.h"

namespace prefill {

// The answer of FindByHash: the form and whether the hash was its sandbox hash.
struct FormLookup {
  const Form* form = nullptr;
  bool sandbox = false;

  explicit operator bool() const { return form != nullptr; }
};

class FormRegistry {
 public:
  FormRegistry() = default;  // empty: finds nothing

  // Loads every regular file ending in ".json" in `dir`, sorted by name. Every problem
  // of every file (and duplicate ids or hashes across files, a missing or empty
  // directory) is appended to *problems; the registry is returned only when there were
  // none. InvalidArgument otherwise.
  static Result<FormRegistry> LoadDirectory(const std::string& dir, std::vector<FormProblem>* problems,
                                            const FormLoadOptions& options = FormLoadOptions());

  // Builds a registry from forms already parsed (tests, tools). `files[i]` names the
  // origin of `forms[i]` in problems; it may be shorter than `forms`.
  static Result<FormRegistry> FromForms(std::vector<Form> forms, std::vector<FormProblem>* problems,
                                        const std::vector<std::string>& files = {});

  FormLookup FindByHash(std::string_view hash) const;
  const Form* FindById(std::string_view id) const;  // nullptr when unknown

  // All forms, in load order.
  const std::vector<Form>& forms() const { return forms_; }

 private:
  struct HashEntry {
    size_t index;
    bool sandbox;
  };

  std::vector<Form> forms_;
  std::map<std::string, HashEntry, std::less<>> by_hash_;
  std::map<std::string, size_t, std::less<>> by_id_;
};

}  // namespace prefill
