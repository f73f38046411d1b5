package imtest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/restapi"
)

// Fault makes the server misbehave for the next calls of an action, after
// authentication. Inject it with Server.Inject.
type Fault struct {
	// Action is what it applies to: for a console or cloud action its
	// X-TC-Action (e.g. "DescribeIMApp", "GetResources"); for a REST API
	// command "service/command", the path after /v4/ (e.g.
	// "openim/sendmsg"); "" for every action and command. Inject panics
	// for a name the server does not serve, which would never fire.
	Action string
	// Times is how many calls it affects (0 means 1).
	Times int
	// Code, when set, is answered instead of running the action. A console
	// or cloud action answers it as Tencent answers every error, throttling
	// ("RequestLimitExceeded") and "InternalError" included: HTTP 200 with
	// the error envelope. A REST API command answers a numeric code in the
	// REST envelope, and any other code as a gateway failure with the HTTP
	// status of its family ("InternalError" 500, "RequestLimitExceeded"
	// 429, and so on).
	Code string
	// Message goes with Code; a default names the fault.
	Message string
	// HTTPStatus, when set, answers with this status instead of running
	// the action or command, as Tencent's gateway fails (502, 503, 504):
	// the body is Code's error envelope (console, cloud, or a numeric REST
	// API code) when Code is set, a plain-text error page otherwise.
	HTTPStatus int
	// RetryAfter is sent as the Retry-After header with Code or
	// HTTPStatus; none by default, as Tencent sends none.
	RetryAfter time.Duration
	// LoseResponse runs the action, then closes the connection without
	// answering, as a network failure after the server committed the
	// change would. Retries with the same ClientToken get the response.
	LoseResponse bool
	// Latency delays the answer by this much real time (not server time),
	// or until the client gives up.
	Latency time.Duration
}

func (f *Fault) message() string {
	if f.Message != "" {
		return f.Message
	}
	return fmt.Sprintf("fault injected by imtest for %q", f.Action)
}

// outcome is the answer of a fault with a Code or an HTTPStatus.
func (f *Fault) outcome(s *Server) outcome {
	if f.Code == "" {
		return outcome{status: f.HTTPStatus, body: []byte(fmt.Sprintf("%d %s: %s\n", f.HTTPStatus, http.StatusText(f.HTTPStatus), f.message())), plain: true}
	}
	out := s.errorOutcome(&client.APIError{Code: f.Code, Message: f.message()})
	if f.HTTPStatus != 0 {
		out.status = f.HTTPStatus
	}
	return out
}

// Inject queues a fault. Faults apply in the order injected; each matching
// call uses up one of the first matching fault's Times. It panics when
// f.Action names neither a console or cloud action nor a REST API command
// the server serves (a bare "sendmsg", or "/v4/openim/sendmsg"), as a
// fault that can never fire is a mistake in the test.
func (s *Server) Inject(f Fault) {
	if f.Action != "" && !s.serves(f.Action) {
		panic(fmt.Sprintf("imtest: Inject: Fault.Action %q is no action or REST API command this server serves, so the fault would never fire; "+
			"name a console or cloud action by its X-TC-Action (%q), a REST API command as \"service/command\" without /v4/ (%q), or \"\" for every call",
			f.Action, apps.ActionGet, restapi.ServiceOpenIM+"/"+restapi.CommandSendMsg))
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// serves reports whether name is a console or cloud action, or a REST API
// command ("service/command"), the server serves.
func (s *Server) serves(name string) bool {
	if _, ok := s.actions[name]; ok {
		return true
	}
	for _, actions := range s.cloud {
		if _, ok := actions[name]; ok {
			return true
		}
	}
	_, ok := v4Commands[name]
	return ok
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault uses up one call of the first fault matching action.
func (s *Server) takeFault(action string) *Fault {
	for i, f := range s.faults {
		if f.Action != "" && f.Action != action {
			continue
		}
		f.Times--
		if f.Times == 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}
