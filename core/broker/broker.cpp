#include "core/broker/broker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>

#include <spdlog/spdlog.h>

#include "core/base/clock.h"
#include "core/base/files.h"
#include "core/broker/broker_impl.h"
#include "core/broker/wire.h"

namespace tributary::broker {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kListenTag = 0;
constexpr uint64_t kWakeTag = UINT64_MAX;
constexpr int64_t kProducerIdBlock = 1000;

}  // namespace

std::string newResponse() {
  return std::string(8, '\0');
}

void finishResponse(std::string& out, int32_t correlationId) {
  wire::storeI32(out.data(), static_cast<int32_t>(out.size() - 4));
  wire::storeI32(out.data() + 4, correlationId);
}

Broker::Broker(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Broker::~Broker() {
  stop();
}

uint16_t Broker::port() const {
  return m_impl->boundPort.load();
}

std::string Broker::bootstrap() const {
  const std::string& h = m_impl->advertisedHost;
  bool v6 = h.find(':') != std::string::npos;
  return (v6 ? "[" + h + "]" : h) + ":" + std::to_string(port());
}

bool Broker::running() const {
  return m_impl->isRunning.load();
}

uint64_t Broker::requestCleaning() {
  uint64_t ticket = ++m_impl->cleaningRequested;
  uint64_t one = 1;
  if (::write(m_impl->wakeFd, &one, sizeof one) < 0) spdlog::warn("broker: cannot wake the network thread");
  return ticket;
}

bool Broker::cleaningDone(uint64_t ticket) const {
  return m_impl->cleaningCompleted.load() >= ticket;
}

CleanerStats Broker::cleanerStats() const {
  return m_impl->cleaner ? m_impl->cleaner->stats() : CleanerStats{};
}

void Broker::stop() {
  if (!m_impl || !m_impl->thread.joinable()) return;
  m_impl->stopRequested = true;
  uint64_t one = 1;
  if (::write(m_impl->wakeFd, &one, sizeof one) < 0) spdlog::warn("broker: cannot wake the network thread");
  m_impl->thread.join();
  if (m_impl->cleaner) m_impl->cleaner->stop();  // before wakeFd closes: the cleaner writes to it
  for (int* fd : {&m_impl->listenFd, &m_impl->epollFd, &m_impl->wakeFd, &m_impl->lockFd})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
  spdlog::info("broker: stopped");
}

Result<std::unique_ptr<Broker>> Broker::start(BrokerOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  if (Status s = impl->open(); !s) {
    for (int fd : {impl->listenFd, impl->epollFd, impl->wakeFd, impl->lockFd})
      if (fd >= 0) ::close(fd);
    return s.error();
  }
  impl->isRunning = true;
  Impl* raw = impl.get();
  int wakeFd = impl->wakeFd;
  impl->cleaner = std::make_unique<LogCleaner>([wakeFd] {
    uint64_t one = 1;
    if (::write(wakeFd, &one, sizeof one) < 0) spdlog::warn("broker: the cleaner cannot wake the network thread");
  });
  impl->thread = std::thread([raw] {
    pthread_setname_np(pthread_self(), "tb-broker");
    raw->run();
  });
  return std::unique_ptr<Broker>(new Broker(std::move(impl)));
}

Status Broker::Impl::open() {
  const fs::path& dir = options.dataDir;
  if (dir.empty()) return makeError(ErrorCode::Invalid, "the broker needs a data folder", "broker.data");
  if (options.maxFrameBytes < 1024)
    return makeError(ErrorCode::Invalid, "the maximum frame size must be at least 1024 bytes");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return makeError(ErrorCode::Io, "cannot create the data folder: " + ec.message(), dir.string());
  lockFd = ::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lockFd < 0 || ::flock(lockFd, LOCK_EX | LOCK_NB) != 0)
    return makeError(ErrorCode::Unavailable, "the data folder is in use by another broker", dir.string());

  if (auto id = base::readFile(dir / "cluster-id", 256); id.ok() && !id->empty()) {
    clusterId = *id;
  } else {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::random_device rd;
    for (int i = 0; i < 22; ++i) clusterId.push_back(alphabet[rd() % 64]);
    if (Status s = base::writeFileAtomically(dir / "cluster-id", clusterId); !s) return s;
  }

  TopicDefaults defaults;
  defaults.partitions = std::max(1, options.defaultPartitions);
  defaults.log.retentionMs = options.retentionMs;
  defaults.log.retentionBytes = options.retentionBytes;
  defaults.log.segmentBytes = options.segmentBytes;
  defaults.log.maxMessageBytes = options.maxMessageBytes;
  defaults.log.flushEveryBatch = options.flushPolicy == FlushPolicy::EveryBatch;
  auto store = TopicStore::open(dir, defaults);
  if (!store) return store.error();
  topics = std::move(*store);
  GroupOptions go;
  go.initialRebalanceDelayMs = options.groupInitialRebalanceDelayMs;
  go.minSessionTimeoutMs = options.groupMinSessionTimeoutMs;
  groups = std::make_unique<GroupCoordinator>(dir / "groups", go);
  if (Status s = groups->load(); !s) return s;
  TransactionCoordinator::Hooks hooks;
  hooks.allocateProducerId = [this] { return allocateProducerId(); };
  hooks.writeMarker = [this](const std::pair<std::string, int32_t>& tp, int64_t pid, int16_t epoch, bool commit) {
    return writeTxnMarker(tp, pid, epoch, commit);
  };
  hooks.commitOffsets = [this](const std::string& group, const TransactionCoordinator::Offsets& offsets) {
    return groups->commit(group, offsets);
  };
  txns = std::make_unique<TransactionCoordinator>(dir / "transactions", std::move(hooks));
  if (Status s = txns->load(); !s) return s;

  // Listener.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string portText = std::to_string(options.port);
  if (int rc = ::getaddrinfo(options.host.empty() ? nullptr : options.host.c_str(), portText.c_str(), &hints, &res);
      rc != 0)
    return makeError(ErrorCode::Invalid, std::string("cannot resolve the listen address: ") + gai_strerror(rc),
                     options.host);
  std::string bindError;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
      listenFd = fd;
      sockaddr_storage ss{};
      socklen_t len = sizeof ss;
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
      boundPort = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                                 : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
      break;
    }
    bindError = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(res);
  if (listenFd < 0)
    return makeError(ErrorCode::Unavailable, "cannot listen on " + options.host + ":" + portText + ": " + bindError +
                                                 " — is another broker using that port?");
  advertisedHost = options.advertisedHost;
  if (advertisedHost.empty())
    advertisedHost = (options.host.empty() || options.host == "0.0.0.0") ? "127.0.0.1"
                     : options.host == "::"                              ? "::1"
                                                                         : options.host;

  epollFd = ::epoll_create1(EPOLL_CLOEXEC);
  wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epollFd < 0 || wakeFd < 0) return makeError(ErrorCode::Internal, std::string("epoll: ") + std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenTag;
  ::epoll_ctl(epollFd, EPOLL_CTL_ADD, listenFd, &ev);
  ev.data.u64 = kWakeTag;
  ::epoll_ctl(epollFd, EPOLL_CTL_ADD, wakeFd, &ev);

  spdlog::info("broker: listening on {}:{} (advertised as {}), data in {}", options.host, boundPort.load(),
               advertisedHost, dir.string());
  return {};
}

Result<int64_t> Broker::Impl::allocateProducerId() {
  if (nextProducerId >= producerIdBlockEnd) {
    // Producer ids are handed out in blocks whose end is saved first, so ids are never reused after a restart.
    fs::path file = options.dataDir / "producer-id-block";
    int64_t start = 0;
    if (auto text = base::readFile(file, 64); text.ok()) {
      try {
        start = std::stoll(*text);
      } catch (...) {
        start = 0;
      }
    }
    if (start < nextProducerId) start = nextProducerId;
    if (Status s = base::writeFileAtomically(file, std::to_string(start + kProducerIdBlock)); !s) return s.error();
    nextProducerId = start;
    producerIdBlockEnd = start + kProducerIdBlock;
  }
  return nextProducerId++;
}

void Broker::Impl::run() {
  std::vector<epoll_event> events(256);
  int64_t lastTick = base::steadyMs();
  int64_t lastFlush = lastTick;
  int64_t lastRetention = lastTick;
  while (!stopRequested) {
    int64_t now = base::steadyMs();
    int64_t timeout = 50;
    for (const ParkedFetch& f : parkedFetches) timeout = std::min(timeout, std::max<int64_t>(0, f.deadlineMs - now));
    if (!resumable.empty()) timeout = 0;
    int n = ::epoll_wait(epollFd, events.data(), static_cast<int>(events.size()), static_cast<int>(timeout));
    if (n < 0 && errno != EINTR) {
      spdlog::error("broker: epoll_wait failed: {}", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      uint64_t tag = events[static_cast<std::size_t>(i)].data.u64;
      uint32_t ev = events[static_cast<std::size_t>(i)].events;
      if (tag == kListenTag) {
        acceptAll();
        continue;
      }
      if (tag == kWakeTag) {
        uint64_t v;
        while (::read(wakeFd, &v, sizeof v) > 0) {
        }
        continue;
      }
      auto it = connections.find(tag);
      if (it == connections.end()) continue;
      if (ev & (EPOLLERR | EPOLLHUP) && !(ev & EPOLLIN)) {
        closeConnection(tag, "connection reset");
        continue;
      }
      if (ev & EPOLLOUT) {
        onWritable(it->second);
        it = connections.find(tag);
        if (it == connections.end()) continue;
      }
      if (ev & EPOLLIN) onReadable(it->second);
    }
    // Connections whose deferred request was answered may have more requests buffered.
    while (!resumable.empty()) {
      std::vector<uint64_t> ids;
      ids.swap(resumable);
      for (uint64_t id : ids)
        if (auto it = connections.find(id); it != connections.end()) processInput(it->second);
    }
    now = base::steadyMs();
    checkParkedFetches(now, false);
    if (now - lastTick >= 50) {
      groups->tick(now);
      txns->tick(base::wallMs());
      lastTick = now;
    }
    if (options.flushPolicy == FlushPolicy::Interval && now - lastFlush >= options.flushIntervalMs) {
      topics->flushAll();
      lastFlush = now;
    }
    if (now - lastRetention >= options.retentionCheckIntervalMs) {
      topics->enforceRetention(base::wallMs());
      lastRetention = now;
    }
    driveCleaner(now);
  }
  std::vector<uint64_t> ids;
  for (auto& [id, c] : connections) ids.push_back(id);
  for (uint64_t id : ids) closeConnection(id, "the broker stops");
  topics->flushAll();
  isRunning = false;
}

void Broker::Impl::driveCleaner(int64_t now) {
  bool again = false;
  if (auto result = cleaner->takeResult()) {
    if (*result) {
      for (auto [producerId, marker] : topics->applyCleaned(**result))
        txns->forgetAborted({(*result)->topic, (*result)->partition}, producerId, marker);
      again = true;  // look for the next partition at once
    } else {
      spdlog::warn("broker: compaction failed: {}", result->error().toString());
    }
  }
  if (uint64_t requested = cleaningRequested.load(); requested != cleaningSeen) {
    cleaningSeen = requested;
    cleaningPending = requested;
    for (const auto& [name, topic] : topics->topics())
      if (topic->log.compact)
        for (std::size_t p = 0; p < topic->partitions.size(); ++p)
          forcedCleaning.emplace(name, static_cast<int32_t>(p));
    again = true;
  }
  if (cleaner->busy()) return;
  if (!again && forcedCleaning.empty() && now - lastCleanerCheck < options.cleanerBackoffMs) return;
  lastCleanerCheck = now;
  if (auto job = topics->nextCleanJob(base::wallMs(), forcedCleaning, *txns)) {
    spdlog::debug("broker: cleaning {}[{}] ({} segments)", job->topic, job->partition, job->segments.size());
    cleaner->submit(std::move(*job));
  } else if (forcedCleaning.empty()) {
    cleaningCompleted = cleaningPending;
  }
}

void Broker::Impl::acceptAll() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = ::accept4(listenFd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) spdlog::warn("broker: accept failed: {}", std::strerror(errno));
      return;
    }
    if (static_cast<int32_t>(connections.size()) >= options.maxConnections) {
      spdlog::warn("broker: refusing a connection: {} connections open", connections.size());
      ::close(fd);
      continue;
    }
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    char host[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET)
      ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, host, sizeof host);
    else if (ss.ss_family == AF_INET6)
      ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, host, sizeof host);
    uint64_t id = nextConnId++;
    Connection& c = connections[id];
    c.id = id;
    c.fd = fd;
    c.peerHost = std::string("/") + host;
    c.events = EPOLLIN;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = id;
    ::epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &ev);
    spdlog::debug("broker: connection {} from {}", id, host);
  }
}

void Broker::Impl::closeConnection(uint64_t id, const char* why) {
  auto it = connections.find(id);
  if (it == connections.end()) return;
  spdlog::debug("broker: closing connection {} ({})", id, why);
  ::epoll_ctl(epollFd, EPOLL_CTL_DEL, it->second.fd, nullptr);
  ::close(it->second.fd);
  connections.erase(it);
  std::erase_if(parkedFetches, [id](const ParkedFetch& f) { return f.connId == id; });
}

void Broker::Impl::updateInterest(Connection& c) {
  uint32_t want = 0;
  // Read while we can take more: no deferred request pending and the output not piling up.
  if (!c.closing && !c.busy && c.outBytes < static_cast<std::size_t>(options.maxConnectionOutputBytes)) want |= EPOLLIN;
  if (c.outBytes > 0) want |= EPOLLOUT;
  if (want == c.events) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c.id;
  ::epoll_ctl(epollFd, EPOLL_CTL_MOD, c.fd, &ev);
  c.events = want;
}

void Broker::Impl::onReadable(Connection& c) {
  uint64_t id = c.id;
  for (;;) {
    if (c.inStart > 0 && c.inStart == c.in.size()) {
      c.in.clear();
      c.inStart = 0;
    } else if (c.inStart > (1u << 20) && c.inStart * 2 > c.in.size()) {
      c.in.erase(0, c.inStart);
      c.inStart = 0;
    }
    std::size_t used = c.in.size();
    std::size_t chunk = std::max<std::size_t>(64 * 1024, std::min<std::size_t>(used, 4u << 20));
    c.in.resize(used + chunk);
    ssize_t r = ::recv(c.fd, c.in.data() + used, chunk, 0);
    c.in.resize(used + (r > 0 ? static_cast<std::size_t>(r) : 0));
    if (r == 0) {
      if (c.in.size() > c.inStart) spdlog::debug("broker: connection {} closed in the middle of a request", id);
      closeConnection(id, "closed by the client");
      return;
    }
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      closeConnection(id, "read error");
      return;
    }
    if (static_cast<std::size_t>(r) < chunk) break;
    // Do not buffer without bound: handle what we have before reading more.
    if (c.in.size() - c.inStart > static_cast<std::size_t>(options.maxFrameBytes) + 4) break;
  }
  processInput(c);
}

void Broker::Impl::processInput(Connection& c) {
  uint64_t id = c.id;
  while (!c.busy && !c.closing) {
    std::size_t avail = c.in.size() - c.inStart;
    if (avail < 4) break;
    int32_t size = wire::loadI32(c.in.data() + c.inStart);
    if (size < 10 || size > options.maxFrameBytes) {
      spdlog::warn("broker: connection {} from {} sent a frame of {} bytes (limit {}); closing it", id, c.peerHost,
                   size, options.maxFrameBytes);
      closeConnection(id, "bad frame size");
      return;
    }
    if (avail < 4 + static_cast<std::size_t>(size)) break;
    std::string_view frame(c.in.data() + c.inStart + 4, static_cast<std::size_t>(size));
    c.inStart += 4 + static_cast<std::size_t>(size);
    proto::RequestHeader header;
    std::size_t bodyOffset = 0;
    if (!proto::parseHeader(frame, header, bodyOffset)) {
      spdlog::warn("broker: connection {} sent an unreadable request header; closing it", id);
      closeConnection(id, "bad header");
      return;
    }
    std::string out = newResponse();
    Outcome outcome = handle(c, header, frame.substr(bodyOffset), out);
    if (connections.find(id) == connections.end()) return;
    switch (outcome) {
      case Outcome::Respond:
        finishResponse(out, header.correlationId);
        send(c, std::move(out));
        if (!connections.count(id)) return;
        break;
      case Outcome::NoResponse:
        break;
      case Outcome::Deferred:
        break;
      case Outcome::Close:
        spdlog::warn("broker: connection {} from {} sent a malformed {} v{} request; closing it", id, c.peerHost,
                     proto::apiName(header.apiKey), header.apiVersion);
        closeConnection(id, "malformed request");
        return;
    }
  }
  if (c.inStart == c.in.size()) {
    c.in.clear();
    c.inStart = 0;
  }
  updateInterest(c);
}

void Broker::Impl::send(Connection& c, std::string response) {
  c.outBytes += response.size();
  c.out.push_back(std::move(response));
  onWritable(c);
}

void Broker::Impl::onWritable(Connection& c) {
  uint64_t id = c.id;
  while (!c.out.empty()) {
    const std::string& front = c.out.front();
    ssize_t w = ::send(c.fd, front.data() + c.outOffset, front.size() - c.outOffset, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      closeConnection(id, "write error");
      return;
    }
    c.outOffset += static_cast<std::size_t>(w);
    c.outBytes -= static_cast<std::size_t>(w);
    if (c.outOffset == front.size()) {
      c.out.pop_front();
      c.outOffset = 0;
    }
  }
  bool wasPaused = !(c.events & EPOLLIN);
  updateInterest(c);
  // Output drained below the limit: requests already buffered can go on.
  if (wasPaused && (c.events & EPOLLIN) && c.in.size() > c.inStart) resumable.push_back(id);
}

void Broker::Impl::complete(uint64_t connId, std::string response) {
  auto it = connections.find(connId);
  if (it == connections.end()) return;
  Connection& c = it->second;
  c.busy = false;
  send(c, std::move(response));
  if (connections.count(connId)) {
    updateInterest(c);
    resumable.push_back(connId);
  }
}

uint64_t Broker::Impl::appendedBytesOf(const proto::FetchRequest& req) {
  uint64_t total = 0;
  for (const auto& t : req.topics) {
    TopicStore::Topic* topic = topics->find(t.name);
    if (!topic) continue;
    for (const auto& p : t.partitions)
      if (p.index >= 0 && static_cast<std::size_t>(p.index) < topic->partitions.size())
        total += topic->partitions[static_cast<std::size_t>(p.index)]->appendedBytes();
  }
  return total;
}

void Broker::Impl::checkParkedFetches(int64_t nowMs, bool force) {
  if (parkedFetches.empty()) {
    dataAppended = false;
    return;
  }
  bool appended = dataAppended;
  dataAppended = false;
  std::vector<ParkedFetch> ready;
  for (auto it = parkedFetches.begin(); it != parkedFetches.end();) {
    bool due = force || nowMs >= it->deadlineMs;
    if (!due && appended) {
      uint64_t grown = appendedBytesOf(it->request) - it->appendedAtPark;
      due = it->bytesFound + static_cast<int64_t>(grown) >= it->request.minBytes;
    }
    if (due) {
      ready.push_back(std::move(*it));
      it = parkedFetches.erase(it);
    } else {
      ++it;
    }
  }
  for (ParkedFetch& f : ready) {
    std::string out = newResponse();
    runFetch(f.request, f.version, out, nullptr);
    finishResponse(out, f.correlationId);
    complete(f.connId, std::move(out));
  }
}

}  // namespace tributary::broker
