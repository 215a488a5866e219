#include "node/node_interface.h"
