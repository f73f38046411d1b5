package imconsole

import (
	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/tags"
)

// Console is the IM console API: one field per service, all sharing one
// *client.Client. It is safe for concurrent use.
type Console struct {
	// Client is the transport every service calls through; use its Call
	// (console protocol) and CallService (cim, cam, tag) methods for
	// actions this SDK does not wrap yet, and its Account method for who
	// the credentials belong to.
	Client *client.Client
	// Apps creates, reads, changes, disables and deletes apps. Only its
	// ListIDs (cim DescribeSdkAppid) works on Tencent Cloud; the rest is
	// the console protocol.
	Apps *apps.Service
	// Admins lists, adds and deletes an app's account administrators
	// (console protocol only).
	Admins *admins.Service
	// Tags reads and changes an app's tags through the Tag API, on
	// Tencent Cloud and on console-protocol servers alike.
	Tags *tags.Service
	// Certs adds, edits and deletes an app's offline-push certificates
	// (console protocol only).
	Certs *certs.Service
}

// New builds a Console from client options (credentials, endpoint or
// client.WithTencentCloud, region, retries, logger, ...). It fails when
// credentials or where to send are missing; see client.New.
func New(opts ...client.Option) (*Console, error) {
	c, err := client.New(opts...)
	if err != nil {
		return nil, err
	}
	return NewFromClient(c), nil
}

// NewFromClient builds a Console over an existing client, which its
// services share; c must not be nil.
func NewFromClient(c *client.Client) *Console {
	return &Console{
		Client: c,
		Apps:   apps.New(c),
		Admins: admins.New(c),
		Tags:   tags.New(c),
		Certs:  certs.New(c),
	}
}
