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
// authentication and before the request's version, action name and body
// are looked at (for the REST API, after the admin check and the rate
// limit), so a request the action would refuse uses it up too. Inject it
// with Server.Inject, which panics for a fault that cannot do what it says
// (see each field).
//
// Precedence: a Code or an HTTPStatus answers instead of running the
// action, after any Latency; otherwise the action runs, then Latency
// delays the answer and LoseResponse drops it. A fault that sets none of
// Code, HTTPStatus, LoseResponse and Latency (only Action and Times) lets
// its Times calls through unchanged, so that faults injected after it
// apply to the calls after those: Inject(Fault{Action: a}) then
// Inject(Fault{Action: a, Code: c}) fails the second call of a.
type Fault struct {
	// Action is what it applies to: for a console or cloud action its
	// X-TC-Action (e.g. "DescribeIMApp", "GetResources"); for a REST API
	// command "service/command", the path after /v4/ (e.g.
	// "openim/sendmsg"); "" for every action and command. Inject panics
	// for a name the server does not serve, which would never fire.
	Action string
	// Times is how many calls it affects (0 means 1; not negative).
	Times int
	// Code, when set, is answered instead of running the action. A console
	// or cloud action answers it as Tencent answers every error, throttling
	// ("RequestLimitExceeded") and "InternalError" included: HTTP 200 with
	// the error envelope. A REST API command answers a numeric code in the
	// REST envelope, and any other code as a gateway failure with the HTTP
	// status of its family ("InternalError" 500, "RequestLimitExceeded"
	// 429, and so on). It cannot go with LoseResponse, which runs the
	// action.
	Code string
	// Message goes with Code or HTTPStatus; a default names the fault.
	Message string
	// HTTPStatus, when set, answers with this status instead of running
	// the action or command, as Tencent's gateway fails (502, 503, 504):
	// the body is Code's error envelope (console, cloud, or a numeric REST
	// API code) when Code is set, a plain-text error page otherwise. It is
	// a failure: 400-599, and not with LoseResponse.
	HTTPStatus int
	// RetryAfter is sent as the Retry-After header with Code or
	// HTTPStatus; none by default, as Tencent sends none. It is not
	// negative.
	RetryAfter time.Duration
	// LoseResponse runs the action, then closes the connection without
	// answering, as a network failure after the server committed the
	// change would. A console action resent with the same ClientToken gets
	// the response; a REST API command has no ClientToken, so a resend
	// runs again, deduplicated only by the command's own rules (sendmsg
	// answers a repeat of the same message, MsgRandom included, within
	// 120 s with the first answer, for one). A request the action's
	// checks refuse loses its refusal the same way, nothing applied. The
	// request is recorded with RecordedRequest.Lost.
	LoseResponse bool
	// Latency delays the answer by this much real time (not server time),
	// or until the client gives up. It is not negative. Without Code or
	// HTTPStatus the action runs before the delay, so a client that gives
	// up during it still had the action applied.
	Latency time.Duration
}

// refusal says what is wrong with f, "" when nothing is.
func (f *Fault) refusal() string {
	switch {
	case f.Times < 0 || f.Latency < 0 || f.RetryAfter < 0:
		return fmt.Sprintf("Times %d, Latency %v and RetryAfter %v cannot be negative; set Times 0 or more (0 means 1), durations 0 or more", f.Times, f.Latency, f.RetryAfter)
	case f.LoseResponse && (f.Code != "" || f.HTTPStatus != 0):
		return fmt.Sprintf("LoseResponse runs the action and answers nothing, Code %q and HTTPStatus %d answer instead of running it; set LoseResponse or Code/HTTPStatus, in two faults for both", f.Code, f.HTTPStatus)
	case f.HTTPStatus != 0 && (f.HTTPStatus < 400 || f.HTTPStatus > 599):
		return fmt.Sprintf("HTTPStatus %d is no failure; set a gateway's 400-599 (502, 503, 504), or Code alone for an error answered with HTTP 200", f.HTTPStatus)
	case f.Code == "" && f.HTTPStatus == 0 && (f.Message != "" || f.RetryAfter != 0):
		return "Message and RetryAfter go with Code or HTTPStatus, which this fault does not set; set one, or leave them out to let calls through unchanged"
	}
	return ""
}

func (f *Fault) message() string {
	if f.Message != "" {
		return f.Message
	}
	return fmt.Sprintf("fault injected by imtest for %q", f.Action)
}

// page is the plain-text error page of a fault with an HTTPStatus and no
// Code, as a gateway answers it.
func (f *Fault) page() []byte {
	return fmt.Appendf(nil, "%d %s: %s\n", f.HTTPStatus, http.StatusText(f.HTTPStatus), f.message())
}

// outcome is the answer of a fault with a Code or an HTTPStatus.
func (f *Fault) outcome(s *Server) outcome {
	if f.Code == "" {
		return outcome{status: f.HTTPStatus, body: f.page(), plain: true}
	}
	out := s.errorOutcome(&client.APIError{Code: f.Code, Message: f.message()})
	if f.HTTPStatus != 0 {
		out.status = f.HTTPStatus
	}
	return out
}

// Inject queues a fault. Faults apply in the order injected; each matching
// call uses up one of the first matching fault's Times. It panics, as a
// fault that can never fire or contradicts itself is a mistake in the
// test, when f.Action names neither a console or cloud action nor a REST
// API command the server serves (a bare "sendmsg", or
// "/v4/openim/sendmsg"), and when f breaks a rule of Fault's fields: a
// negative Times, Latency or RetryAfter; LoseResponse with Code or
// HTTPStatus; an HTTPStatus outside 400-599; Message or RetryAfter
// without Code or HTTPStatus.
func (s *Server) Inject(f Fault) {
	if f.Action != "" {
		s.mustServe("Inject", "Fault.Action", f.Action, `, or "" for every call`)
	}
	if why := f.refusal(); why != "" {
		panic("imtest: Inject: " + why)
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// mustServe panics, for fn's argument what, when name is no action or
// REST API command the server serves: a fault for it would never fire,
// and no request of it is recorded as it. also ends the list of the forms
// fn takes.
func (s *Server) mustServe(fn, what, name, also string) {
	if !s.serves(name) {
		panic(fmt.Sprintf("imtest: %s: %s %q is no action or REST API command this server serves; "+
			"name a console or cloud action by its X-TC-Action (%q), a REST API command as \"service/command\" without /v4/ (%q)%s",
			fn, what, name, apps.ActionGet, restapi.ServiceOpenIM+"/"+restapi.CommandSendMsg, also))
	}
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
