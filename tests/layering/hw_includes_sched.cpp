// Deliberately includes against the dependency direction: hw may not use sched. The ctest
// "layering.wrong_way_include_fails" builds this file as part of servesim_hw's users and
// passes only when the build fails (the header is not on hw's include path).
#include "sched/batch_scheduler.hpp"
