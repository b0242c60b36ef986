#pragma once
// A VW command-line subset over Model: -d -f -i -t -p -r --oaa --csoaa --multilabel_oaa --probabilities
// --loss_function -b -l --power_t --initial_t --decay_learning_rate --passes -c --cache_file -k
// --holdout_off --readable_model --predict_only_model --noconstant --hash --hash_seed --quiet --examples
// --indexing --link --sgd. Output files are formatted like vw's.
#include <iosfwd>
#include <string>
#include <vector>

namespace praxi::vw {

// Returns the process exit code (0 ok, 1 error; errors are printed to `err` with their code).
// `out` receives nothing today (vw prints predictions to stdout only with "-p /dev/stdout").
int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace praxi::vw
