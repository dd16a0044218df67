#include "core/model/pipeline.h"

#include <algorithm>

namespace tributary::model {

const Node* Pipeline::findNode(std::string_view id) const {
  auto it = std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.id == id; });
  return it == nodes.end() ? nullptr : &*it;
}

Node* Pipeline::findNode(std::string_view id) {
  return const_cast<Node*>(std::as_const(*this).findNode(id));
}

}  // namespace tributary::model
