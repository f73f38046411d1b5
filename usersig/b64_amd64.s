//go:build amd64 && !purego

#include "textflag.h"

// func encodeBlocksSSSE3(dst, src []byte, lut *[16]byte) int
//
// Encodes 12 source bytes to 16 base64 characters per step, while 16
// source bytes are readable and 16 destination bytes writable; returns
// the number of source bytes consumed. Algorithm: W. Mula and D. Lemire,
// "Faster Base64 Encoding and Decoding Using AVX2 Instructions" (2018),
// in its 128-bit form; lut holds the offsets that turn 6-bit values into
// characters, indexed by the reduced value (see b64_amd64.go).
TEXT ·encodeBlocksSSSE3(SB), NOSPLIT, $0-64
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), R8
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ lut+48(FP), AX
	MOVOU (AX), X7
	MOVOU b64shuf<>(SB), X8
	MOVOU b64mask1<>(SB), X9
	MOVOU b64mul1<>(SB), X10
	MOVOU b64mask2<>(SB), X11
	MOVOU b64mul2<>(SB), X12
	MOVOU b64c51<>(SB), X13
	MOVOU b64c26<>(SB), X14
	MOVOU b64c13<>(SB), X15
	XORQ BX, BX
	XORQ R9, R9

loop:
	LEAQ 16(BX), DX
	CMPQ DX, CX
	JA   done
	LEAQ 16(R9), DX
	CMPQ DX, R8
	JA   done
	MOVOU (SI)(BX*1), X0
	PSHUFB X8, X0
	MOVO X0, X1
	PAND X9, X0
	PMULHUW X10, X0
	PAND X11, X1
	PMULLW X12, X1
	POR X1, X0
	MOVO X0, X2
	PSUBUSB X13, X2
	MOVO X14, X3
	PCMPGTB X0, X3
	PAND X15, X3
	POR X3, X2
	MOVO X7, X4
	PSHUFB X2, X4
	PADDB X4, X0
	MOVOU X0, (DI)(R9*1)
	ADDQ $12, BX
	ADDQ $16, R9
	JMP  loop

done:
	MOVQ BX, ret+56(FP)
	RET

// Each 32-bit lane takes source bytes 1, 0, 2, 1 of its group of three.
DATA b64shuf<>+0(SB)/8, $0x0405030401020001
DATA b64shuf<>+8(SB)/8, $0x0a0b090a07080607
GLOBL b64shuf<>(SB), RODATA|NOPTR, $16

DATA b64mask1<>+0(SB)/8, $0x0fc0fc000fc0fc00
DATA b64mask1<>+8(SB)/8, $0x0fc0fc000fc0fc00
GLOBL b64mask1<>(SB), RODATA|NOPTR, $16

DATA b64mul1<>+0(SB)/8, $0x0400004004000040
DATA b64mul1<>+8(SB)/8, $0x0400004004000040
GLOBL b64mul1<>(SB), RODATA|NOPTR, $16

DATA b64mask2<>+0(SB)/8, $0x003f03f0003f03f0
DATA b64mask2<>+8(SB)/8, $0x003f03f0003f03f0
GLOBL b64mask2<>(SB), RODATA|NOPTR, $16

DATA b64mul2<>+0(SB)/8, $0x0100001001000010
DATA b64mul2<>+8(SB)/8, $0x0100001001000010
GLOBL b64mul2<>(SB), RODATA|NOPTR, $16

DATA b64c51<>+0(SB)/8, $0x3333333333333333
DATA b64c51<>+8(SB)/8, $0x3333333333333333
GLOBL b64c51<>(SB), RODATA|NOPTR, $16

DATA b64c26<>+0(SB)/8, $0x1a1a1a1a1a1a1a1a
DATA b64c26<>+8(SB)/8, $0x1a1a1a1a1a1a1a1a
GLOBL b64c26<>(SB), RODATA|NOPTR, $16

DATA b64c13<>+0(SB)/8, $0x0d0d0d0d0d0d0d0d
DATA b64c13<>+8(SB)/8, $0x0d0d0d0d0d0d0d0d
GLOBL b64c13<>(SB), RODATA|NOPTR, $16
