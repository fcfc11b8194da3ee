package koperasi

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// decodeCommand turns a logged command back into its type.
func decodeCommand(kind string, raw json.RawMessage) (Command, error) {
	switch kind {
	case "member.register":
		return dec[RegisterMember](raw)
	case "member.update":
		return dec[UpdateMember](raw)
	case "member.resign":
		return dec[Resign](raw)
	case "savings.pay_pokok":
		return dec[PayPokok](raw)
	case "savings.pay_wajib":
		return dec[PayWajib](raw)
	case "savings.deposit":
		return dec[Deposit](raw)
	case "savings.withdraw":
		return dec[Withdraw](raw)
	case "day.close":
		return dec[CloseDay](raw)
	}
	return nil, fmt.Errorf("%w: unknown event kind %q", ErrInvalid, kind)
}

func dec[T Command](raw json.RawMessage) (Command, error) {
	var v T
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %T: %v", ErrInvalid, v, err)
	}
	if d.More() {
		return nil, fmt.Errorf("%w: %T: trailing data", ErrInvalid, v)
	}
	return v, nil
}
