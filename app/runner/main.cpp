#include "app/runner/cli.h"

int main(int argc, char** argv) { return tributary::cli::main(argc, argv); }
