package client

import (
	"context"
	"errors"
	"sync/atomic"
)

// ActionGetUserAppID is cam's action that says who the credentials
// belong to.
const ActionGetUserAppID = "GetUserAppId"

// Account is who the client's credentials belong to, as cam GetUserAppId
// answers.
type Account struct {
	// Uin is the caller's account UIN: the root account's, or the
	// sub-user's.
	Uin string `json:"Uin"`
	// OwnerUin is the root account's UIN, the one IM app resource names
	// carry (qcs::im::uin/<OwnerUin>:sdkappid/<SDKAppID>).
	OwnerUin string `json:"OwnerUin"`
	// AppID is the account's APPID.
	AppID uint64 `json:"AppId"`
}

// accountCache holds the first Account a Client looked up. lock is a
// one-slot semaphore held during a lookup, so callers waiting for one in
// flight can give up when their context ends.
type accountCache struct {
	lock    chan struct{}
	account atomic.Pointer[Account]
}

// Account returns who the client's credentials belong to (cam
// GetUserAppId), looked up once per Client and then answered from memory;
// concurrent first calls make one lookup. A failed lookup is not kept:
// the next call tries again. It fails as CallService does (the cam errors
// FailedOperation and InternalError.SystemError, an auth failure), or with
// ctx's error while waiting for another caller's lookup.
func (c *Client) Account(ctx context.Context) (*Account, error) {
	if ctx == nil {
		return nil, errors.New("imconsole: Account needs a non-nil context")
	}
	if a := c.account.account.Load(); a != nil {
		cp := *a
		return &cp, nil
	}
	select {
	case c.account.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.account.lock }()
	if a := c.account.account.Load(); a != nil { // looked up while we waited
		cp := *a
		return &cp, nil
	}
	var a Account
	if err := c.CallService(ctx, Service{Name: ServiceCAM, Version: VersionCAM}, ActionGetUserAppID, nil, &a); err != nil {
		return nil, err
	}
	cp := a
	c.account.account.Store(&cp)
	return &a, nil
}
