// Runs the CLI in a child process with pipes (fork/exec; no shell).
#include "support/run_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace lifeguard::test_support {

std::string source_path(const std::string& relative) { return std::string(LIFEGUARD_SOURCE_DIR) + "/" + relative; }

CommandResult run_lifeguard(const std::vector<std::string>& arguments, const std::string& stdin_bytes) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  std::signal(SIGPIPE, SIG_IGN);
  pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    std::vector<char*> argv;
    std::string binary = LIFEGUARD_CLI_PATH;
    argv.push_back(binary.data());
    std::vector<std::string> copies = arguments;
    for (auto& argument : copies) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);

  CommandResult result;
  std::size_t written = 0;
  bool stdin_open = true;
  if (stdin_bytes.empty()) {
    close(in_pipe[1]);
    stdin_open = false;
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    pollfd fds[3];
    int count = 0;
    int out_index = -1, err_index = -1, in_index = -1;
    if (out_open) { fds[count] = {out_pipe[0], POLLIN, 0}; out_index = count++; }
    if (err_open) { fds[count] = {err_pipe[0], POLLIN, 0}; err_index = count++; }
    if (stdin_open) { fds[count] = {in_pipe[1], POLLOUT, 0}; in_index = count++; }
    if (poll(fds, static_cast<nfds_t>(count), 60000) <= 0) break;
    if (in_index >= 0 && (fds[in_index].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(in_pipe[1], stdin_bytes.data() + written, stdin_bytes.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN) written = stdin_bytes.size();
      if (written == stdin_bytes.size()) {
        close(in_pipe[1]);
        stdin_open = false;
      }
    }
    auto drain = [&](int index, int fd, std::string& sink, bool& open) {
      if (index < 0 || !(fds[index].revents & (POLLIN | POLLHUP | POLLERR))) return;
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n > 0) sink.append(buffer, static_cast<std::size_t>(n));
      else open = false;
    };
    drain(out_index, out_pipe[0], result.out, out_open);
    drain(err_index, err_pipe[0], result.err, err_open);
  }
  if (stdin_open) close(in_pipe[1]);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(child, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace lifeguard::test_support
