package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/imconsole/imconsole/internal/transport"
)

// envelope is the status part of every answer: {"Response": {"Error":
// {...}, "RequestId": "..."}}. encoding/json matches its keys, so an
// answer written with spaces or escapes ("\u0045rror") is read as any JSON
// reader reads it.
type envelope struct {
	Response *struct {
		Error     *apiError
		RequestID string `json:"RequestId"`
	}
}

type apiError struct {
	Code    string
	Message string
}

// decodeResponse turns a reply, whose envelope the retry decision decoded
// already (env, or envErr when it did not parse), into resp or an error.
// Only a success is decoded again, into resp. A body without a Response
// object, or whose Response has neither an Error nor a RequestId, is an
// error, never a silent success: with a 5xx status the failure of the
// server or of a gateway in front of it, an *APIError with Code
// InternalError; with 429 a gateway's rate limit, Code
// RequestLimitExceeded; with any other status a sign the endpoint is not
// an API 3.0 server.
func decodeResponse(action string, reply *transport.Reply, env envelope, envErr error, resp any) error {
	status, body := reply.StatusCode, reply.Body
	notEnvelope := func(why any) error {
		switch {
		case status == http.StatusTooManyRequests:
			return &APIError{Action: action, Code: "RequestLimitExceeded", HTTPStatus: status,
				Message: "a gateway in front of the server limited the request rate (HTTP 429 Too Many Requests, no JSON Response envelope); slow down and retry"}
		case status >= 500:
			return &APIError{Action: action, Code: "InternalError", HTTPStatus: status,
				Message: fmt.Sprintf("the server or a gateway in front of it failed with HTTP %d %s, answering no JSON Response envelope; retry later", status, http.StatusText(status))}
		}
		return fmt.Errorf("imconsole: %s: HTTP %d with a body that is not a JSON Response envelope (%v); check the endpoint points at an API 3.0 server", action, status, why)
	}
	if envErr != nil {
		return notEnvelope(envErr)
	}
	r := env.Response
	if r == nil {
		return notEnvelope("no Response object")
	}
	if e := r.Error; e != nil {
		return &APIError{Action: action, Code: e.Code, Message: e.Message, RequestID: r.RequestID, HTTPStatus: status}
	}
	if status >= 300 {
		return &APIError{Action: action, Code: "InternalError", Message: fmt.Sprintf("HTTP %d without an error in the Response", status), RequestID: r.RequestID, HTTPStatus: status}
	}
	if r.RequestID == "" {
		return notEnvelope("the Response has neither an Error nor a RequestId")
	}
	if resp == nil {
		return nil
	}
	if err := json.Unmarshal(body, &struct{ Response any }{resp}); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return fmt.Errorf("imconsole: %s: decoding response: %w", action, err)
		}
		return notEnvelope(err)
	}
	return nil
}
